package dev.distillery.steps.training;

/**
 * How a batch is shared among data-parallel replicas: as evenly as possible (sizes differ by at
 * most one, larger first) and never empty, so a batch of 5 on 4 replicas is 2, 1, 1, 1 and a batch
 * of 3 on 4 replicas uses 3 of them. Each slice's mean loss counts with its share of the batch, so
 * the summed gradients are the gradient of the batch's mean loss, as on one device.
 *
 * @param sizes the samples of each slice, in order
 */
record BatchSlices(int[] sizes) {

    /** The slices of a batch of {@code batch} samples over {@code replicas} replicas. */
    static BatchSlices of(int batch, int replicas) {
        if (batch <= 0 || replicas <= 0) {
            throw new IllegalArgumentException(
                    "cannot slice a batch of " + batch + " over " + replicas + " replica(s)");
        }
        int used = Math.min(batch, replicas);
        int[] sizes = new int[used];
        for (int k = 0; k < used; k++) {
            sizes[k] = batch / used + (k < batch % used ? 1 : 0);
        }
        return new BatchSlices(sizes);
    }

    /** Number of slices (replicas that get samples). */
    int count() {
        return sizes.length;
    }

    /** Index in the batch of the first sample of slice {@code k}. */
    int start(int k) {
        int start = 0;
        for (int i = 0; i < k; i++) {
            start += sizes[i];
        }
        return start;
    }

    /** Samples in slice {@code k}. */
    int size(int k) {
        return sizes[k];
    }

    /** Slice {@code k}'s share of the batch: the weight of its mean loss in the batch's. */
    double share(int k) {
        int total = 0;
        for (int size : sizes) {
            total += size;
        }
        return (double) sizes[k] / total;
    }
}
