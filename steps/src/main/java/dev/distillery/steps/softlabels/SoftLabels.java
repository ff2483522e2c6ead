package dev.distillery.steps.softlabels;

import dev.distillery.contract.DistilleryException;
import dev.distillery.steps.data.Augmentation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The teacher logits of a soft-labels artifact, all its shards seen as one set: for every training
 * sample and every stored view, the raw logits that the student's loss divides by its temperature.
 */
public final class SoftLabels {
    private final int samples;
    private final int classes;
    private final int views;
    private final Optional<Augmentation> augmentation;
    private final float[][] logitsPerView;

    private SoftLabels(
            int samples,
            int classes,
            int views,
            Optional<Augmentation> augmentation,
            float[][] logitsPerView) {
        this.samples = samples;
        this.classes = classes;
        this.views = views;
        this.augmentation = augmentation;
        this.logitsPerView = logitsPerView;
    }

    /**
     * Reads the shards in {@code shardFolders} (each holding a header and its logits) of the soft
     * labels at {@code uri}; gaps, overlaps and disagreeing shards are bad input.
     */
    public static SoftLabels read(String uri, List<Path> shardFolders) {
        List<Map.Entry<SoftLabelHeader, Path>> shards = new ArrayList<>();
        for (Path folder : shardFolders) {
            shards.add(Map.entry(SoftLabelHeader.read(folder, uri), folder));
        }
        shards.sort(Comparator.comparingInt(e -> e.getKey().start()));
        SoftLabelHeader first = shards.get(0).getKey();
        if (shards.size() != first.shards()) {
            throw DistilleryException.badInput(
                    "soft labels "
                            + uri
                            + " have "
                            + shards.size()
                            + " complete shard(s) of the "
                            + first.shards()
                            + " they were written as");
        }
        float[][] logits = new float[first.views()][first.samples() * first.classes()];
        int next = 0;
        for (Map.Entry<SoftLabelHeader, Path> shard : shards) {
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
            readLogits(uri, shard.getValue(), header, logits);
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
                first.samples(), first.classes(), first.views(), augmentation, logits);
    }

    private static void readLogits(
            String uri, Path folder, SoftLabelHeader header, float[][] into) {
        int count = header.end() - header.start();
        long expected = (long) header.views() * count * header.classes() * header.bytesPerValue();
        Path file = folder.resolve(SoftLabelHeader.LOGITS);
        try {
            if (!Files.isRegularFile(file) || Files.size(file) != expected) {
                throw DistilleryException.badInput(
                        "soft labels "
                                + uri
                                + ": shard "
                                + header.shard()
                                + " should hold "
                                + expected
                                + " bytes of logits in "
                                + SoftLabelHeader.LOGITS);
            }
            try (InputStream in = Files.newInputStream(file)) {
                int rowValues = count * header.classes();
                byte[] bytes = new byte[rowValues * header.bytesPerValue()];
                for (int view = 0; view < header.views(); view++) {
                    in.readNBytes(bytes, 0, bytes.length);
                    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
                    int offset = header.start() * header.classes();
                    for (int i = 0; i < rowValues; i++) {
                        into[view][offset + i] =
                                header.bytesPerValue() == 2
                                        ? HalfPrecision.toFloat(buffer.getShort())
                                        : buffer.getFloat();
                    }
                }
            }
        } catch (IOException e) {
            throw DistilleryException.badInput(
                    "soft labels " + uri + " cannot be read: " + e.getMessage(), e);
        }
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
     * which view an epoch replays is the caller's rule), row after row.
     */
    public float[] logits(int[] sampleIndices, int from, int to, int view) {
        if (view < 0 || view >= views) {
            throw new IllegalArgumentException(
                    "view " + view + " of soft labels holding " + views + " view(s)");
        }
        float[] stored = logitsPerView[view];
        float[] out = new float[(to - from) * classes];
        for (int i = from; i < to; i++) {
            System.arraycopy(
                    stored, sampleIndices[i] * classes, out, (i - from) * classes, classes);
        }
        return out;
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
