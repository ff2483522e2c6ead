package dev.distillery.steps.softlabels;

import ai.djl.Device;
import dev.distillery.steps.data.Augmentation;
import dev.distillery.steps.data.LabelledImages;
import dev.distillery.steps.data.ReadAhead;
import dev.distillery.steps.evaluation.Classifier;
import dev.distillery.steps.evaluation.Inference;
import dev.distillery.steps.imported.Teachers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One or more teachers (trained here, or imported as TorchScript or ONNX) whose logits become soft
 * labels. A single teacher's logits are kept as they are; an ensemble's members are combined by an
 * {@link EnsembleCombination}: by default the log of the mean of their softmax probabilities, a
 * valid logit vector whose softmax is the ensemble's mean distribution at temperature 1.
 */
public final class TeacherEnsemble {
    /** The name of the combination rule, stored in the soft labels' header. */
    public static final String LOG_MEAN_SOFTMAX = "log-mean-softmax";

    private final List<Path> teacherFolders;
    private final EnsembleCombination combination;
    private final Device device;
    private final List<String> classNames;

    /**
     * The teachers saved in {@code teacherFolders} (trained here or imported), combined by {@code
     * combination}, each run on {@code device}, giving logits in the order of {@code classNames},
     * the data's classes.
     */
    public TeacherEnsemble(
            List<Path> teacherFolders,
            EnsembleCombination combination,
            Device device,
            List<String> classNames) {
        this.teacherFolders = teacherFolders;
        this.combination = combination;
        this.device = device;
        this.classNames = List.copyOf(classNames);
    }

    /**
     * How members are combined: {@code single}, {@code log-mean-softmax} or {@code mean-logits}.
     */
    public String combination() {
        return teacherFolders.size() == 1 ? "single" : combination.stored();
    }

    /**
     * Checks that every teacher takes the data's images and classes (an imported teacher: that its
     * contract fits the data and its network), before anything runs.
     */
    public void checkFits(LabelledImages images, String dataName) {
        checkFits(teacherFolders, images, classNames, dataName);
    }

    /**
     * Checks that every teacher saved in {@code teacherFolders} takes the data's images and
     * classes.
     */
    public static void checkFits(
            List<Path> teacherFolders,
            LabelledImages images,
            List<String> classNames,
            String dataName) {
        for (Path folder : teacherFolders) {
            Teachers.checkFits(
                    folder,
                    folder.toString(),
                    new Teachers.DataFit(images.shape(), classNames, dataName));
        }
    }

    /** Receives the combined logits of consecutive rows of one view. */
    @FunctionalInterface
    public interface ViewSink {
        /** {@code rows} rows of {@code view} from position {@code start} of the range. */
        void accept(int view, int start, int rows, float[] logits) throws IOException;
    }

    /**
     * The combined logits of {@code samples[from..to)} for each view: {@code views} arrays of
     * {@code (to - from) x classes}; view {@code v} sees each sample through view {@code v} of
     * {@code augmentation} if present. For sets that fit in memory (held-out and test splits).
     */
    public float[][] logits(
            LabelledImages images,
            int[] samples,
            int from,
            int to,
            Optional<Augmentation> augmentation,
            int views,
            int batchSize,
            ReadAhead readAhead) {
        float[][] out = new float[views][];
        try {
            stream(
                    images,
                    samples,
                    from,
                    to,
                    augmentation,
                    views,
                    batchSize,
                    readAhead,
                    (view, start, rows, logits) -> {
                        int classes = logits.length / rows;
                        if (out[view] == null) {
                            out[view] = new float[(to - from) * classes];
                        }
                        System.arraycopy(logits, 0, out[view], start * classes, logits.length);
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int v = 0; v < views; v++) {
            out[v] = out[v] == null ? new float[0] : out[v];
        }
        return out;
    }

    /**
     * Hands the combined logits of {@code samples[from..to)} to {@code sink}, view after view and
     * batch after batch in order, holding no more than a few batches: one member streams straight
     * through; an ensemble's members are run one after the other (each member's parameters freed
     * before the next loads) into temporary files of raw logits on disk, which are then combined
     * batch by batch.
     */
    public void stream(
            LabelledImages images,
            int[] samples,
            int from,
            int to,
            Optional<Augmentation> augmentation,
            int views,
            int batchSize,
            ReadAhead readAhead,
            ViewSink sink)
            throws IOException {
        if (teacherFolders.size() == 1) {
            runMember(
                    0, images, samples, from, to, augmentation, views, batchSize, readAhead, sink);
            return;
        }
        List<MemberLogits> files = new ArrayList<>();
        try {
            for (int m = 0; m < teacherFolders.size(); m++) {
                MemberLogits file = MemberLogits.create();
                files.add(file);
                runMember(
                        m,
                        images,
                        samples,
                        from,
                        to,
                        augmentation,
                        views,
                        batchSize,
                        readAhead,
                        (view, start, rows, logits) -> file.append(rows, logits));
                file.finishWriting();
            }
            int n = to - from;
            for (int view = 0; view < views; view++) {
                for (int start = 0; start < n; start += batchSize) {
                    int rows = Math.min(batchSize, n - start);
                    float[][] members = new float[files.size()][];
                    for (int m = 0; m < files.size(); m++) {
                        members[m] = files.get(m).next(rows);
                    }
                    sink.accept(view, start, rows, combination.combine(members, rows));
                }
            }
        } finally {
            for (MemberLogits file : files) {
                file.close();
            }
        }
    }

    private void runMember(
            int member,
            LabelledImages images,
            int[] samples,
            int from,
            int to,
            Optional<Augmentation> augmentation,
            int views,
            int batchSize,
            ReadAhead readAhead,
            ViewSink sink)
            throws IOException {
        Path folder = teacherFolders.get(member);
        Teachers.DataFit fit = new Teachers.DataFit(images.shape(), classNames, "");
        // The member's parameters are freed before the next one loads.
        try (Classifier teacher = Teachers.open(folder, folder.toString(), fit, device)) {
            Inference inference = new Inference(teacher, batchSize, readAhead);
            for (int v = 0; v < views; v++) {
                int view = v;
                IOException[] failed = new IOException[1];
                inference.stream(
                        images,
                        samples,
                        from,
                        to,
                        augmentation,
                        view,
                        (start, rows, logits) -> {
                            if (failed[0] == null) {
                                try {
                                    sink.accept(view, start, rows, logits);
                                } catch (IOException e) {
                                    failed[0] = e;
                                }
                            }
                        });
                if (failed[0] != null) {
                    throw failed[0];
                }
            }
        }
    }

    /** {@code log(mean_m softmax(z_m))} per sample, for view {@code view} of every member. */
    static float[] logMeanSoftmax(float[][][] members, int view, int samples) {
        float[][] rows = new float[members.length][];
        for (int m = 0; m < members.length; m++) {
            rows[m] = members[m][view];
        }
        return EnsembleCombination.PROBABILITIES.combine(rows, samples);
    }
}
