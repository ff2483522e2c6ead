package dev.distillery.steps.softlabels;

import dev.distillery.contract.DistilleryException;
import dev.distillery.steps.data.Augmentation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The teacher logits of a soft-labels artifact, all its shards seen as one set: for every training
 * sample and every stored view, the raw logits that the student's loss divides by its temperature.
 * The shards' files are memory-mapped and read row by row as batches ask for them, so the logits of
 * a dataset larger than memory never sit in the heap.
 */
public final class SoftLabels {
    private final int samples;
    private final int classes;
    private final int views;
    private final Optional<Augmentation> augmentation;
    private final List<MappedShard> shards;

    private SoftLabels(
            int samples,
            int classes,
            int views,
            Optional<Augmentation> augmentation,
            List<MappedShard> shards) {
        this.samples = samples;
        this.classes = classes;
        this.views = views;
        this.augmentation = augmentation;
        this.shards = shards;
    }

    /**
     * Opens the shards in {@code shardFolders} (each holding a header and its logits) of the soft
     * labels at {@code uri}, memory-mapped, never read whole; gaps, overlaps and disagreeing shards
     * are bad input.
     */
    public static SoftLabels read(String uri, List<Path> shardFolders) {
        List<Map.Entry<SoftLabelHeader, Path>> found = new ArrayList<>();
        for (Path folder : shardFolders) {
            found.add(Map.entry(SoftLabelHeader.read(folder, uri), folder));
        }
        found.sort(Comparator.comparingInt(e -> e.getKey().start()));
        SoftLabelHeader first = found.get(0).getKey();
        if (found.size() != first.shards()) {
            throw DistilleryException.badInput(
                    "soft labels "
                            + uri
                            + " have "
                            + found.size()
                            + " complete shard(s) of the "
                            + first.shards()
                            + " they were written as");
        }
        List<MappedShard> mapped = new ArrayList<>();
        int next = 0;
        for (Map.Entry<SoftLabelHeader, Path> shard : found) {
            SoftLabelHeader header = shard.getKey();
            if (header.samples() != first.samples()
                    || header.classes() != first.classes()
                    || header.views() != first.views()
                    || header.start() != next) {
                throw DistilleryException.badInput(
                        "soft labels "
                                + uri
                                + ": shard "
                                + header.shard()
                                + " does not continue the others (samples "
                                + header.start()
                                + ".."
                                + header.end()
                                + " after "
                                + next
                                + ")");
            }
            mapped.add(MappedShard.open(uri, shard.getValue(), header));
            next = header.end();
        }
        if (next != first.samples()) {
            throw DistilleryException.badInput(
                    "soft labels "
                            + uri
                            + " cover "
                            + next
                            + " of "
                            + first.samples()
                            + " samples");
        }
        Optional<Augmentation> augmentation =
                first.augmentSeed() == null
                        ? Optional.empty()
                        : Optional.of(
                                new Augmentation(
                                        first.augmentSeed(),
                                        first.augmentShift(),
                                        first.augmentFlip()));
        return new SoftLabels(
                first.samples(), first.classes(), first.views(), augmentation, mapped);
    }

    /**
     * Fails unless these soft labels have one row per sample and one logit per class of the data.
     */
    public void checkMatches(String uri, int dataSamples, int dataClasses, String dataName) {
        if (samples != dataSamples || classes != dataClasses) {
            throw DistilleryException.badInput(
                    "soft labels "
                            + uri
                            + " hold "
                            + samples
                            + " samples of "
                            + classes
                            + " classes but the training data "
                            + dataName
                            + " has "
                            + dataSamples
                            + " samples of "
                            + dataClasses
                            + " classes (use the same --data and --limit as soft-labels)");
        }
    }

    /**
     * The logits of {@code samples[from..to)} in stored view {@code view} (0 to {@code views - 1};
     * which view an epoch replays is the caller's rule), row after row, read from the shards'
     * mapped files. Safe to call from several threads.
     */
    public float[] logits(int[] sampleIndices, int from, int to, int view) {
        if (view < 0 || view >= views) {
            throw new IllegalArgumentException(
                    "view " + view + " of soft labels holding " + views + " view(s)");
        }
        float[] out = new float[(to - from) * classes];
        for (int i = from; i < to; i++) {
            shardOf(sampleIndices[i]).row(sampleIndices[i], view, out, (i - from) * classes);
        }
        return out;
    }

    private MappedShard shardOf(int sample) {
        int low = 0;
        int high = shards.size() - 1;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (shards.get(middle).header().start() <= sample) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return shards.get(low);
    }

    /** The augmentation whose views these logits were computed on, if any. */
    public Optional<Augmentation> augmentation() {
        return augmentation;
    }

    public int samples() {
        return samples;
    }

    public int classes() {
        return classes;
    }

    public int views() {
        return views;
    }
}
