package dev.distillery.steps.softlabels;

import ai.djl.Device;
import ai.djl.Model;
import dev.distillery.contract.ArtifactFiles;
import dev.distillery.contract.DistilleryException;
import dev.distillery.steps.data.Augmentation;
import dev.distillery.steps.data.LabelledImages;
import dev.distillery.steps.evaluation.Inference;
import dev.distillery.steps.model.ModelDescription;
import dev.distillery.steps.model.SavedModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One or more trained teachers whose logits become soft labels. A single teacher's logits are kept
 * as they are; an ensemble's members are combined by an {@link EnsembleCombination}: by default the
 * log of the mean of their softmax probabilities, a valid logit vector whose softmax is the
 * ensemble's mean distribution at temperature 1.
 */
public final class TeacherEnsemble {
    /** The name of the combination rule, stored in the soft labels' header. */
    public static final String LOG_MEAN_SOFTMAX = "log-mean-softmax";

    private final List<Path> teacherFolders;
    private final EnsembleCombination combination;
    private final Device device;

    /**
     * The teachers saved in {@code teacherFolders}, combined by {@code combination}, each run on
     * {@code device}.
     */
    public TeacherEnsemble(
            List<Path> teacherFolders, EnsembleCombination combination, Device device) {
        this.teacherFolders = teacherFolders;
        this.combination = combination;
        this.device = device;
    }

    /**
     * How members are combined: {@code single}, {@code log-mean-softmax} or {@code mean-logits}.
     */
    public String combination() {
        return teacherFolders.size() == 1 ? "single" : combination.stored();
    }

    /**
     * Checks that every teacher saved in {@code teacherFolders} takes the data's images and
     * classes.
     */
    public static void checkFits(
            List<Path> teacherFolders, LabelledImages images, int classes, String dataName) {
        for (Path folder : teacherFolders) {
            ModelDescription d = ModelDescription.read(folder.resolve(ArtifactFiles.MODEL_SPEC));
            if (d.classes() != classes || !d.shape().equals(images.shape())) {
                throw DistilleryException.badInput(
                        "teacher "
                                + folder
                                + " takes "
                                + d.shape()
                                + " images of "
                                + d.classes()
                                + " classes but the data "
                                + dataName
                                + " has "
                                + images.shape()
                                + " images of "
                                + classes
                                + " classes");
            }
        }
    }

    /**
     * The combined logits of {@code samples[from..to)} for each view: {@code views} arrays of
     * {@code (to - from) x classes}; view {@code v} sees each sample through view {@code v} of
     * {@code augmentation} if present.
     */
    public float[][] logits(
            LabelledImages images,
            int[] samples,
            int from,
            int to,
            Optional<Augmentation> augmentation,
            int views,
            int batchSize) {
        float[][][] perMember = new float[teacherFolders.size()][][];
        for (int m = 0; m < teacherFolders.size(); m++) {
            // Each teacher's parameters are freed before the next one loads.
            try (Model teacher = SavedModel.load(teacherFolders.get(m), device)) {
                ModelDescription d =
                        ModelDescription.read(
                                teacherFolders.get(m).resolve(ArtifactFiles.MODEL_SPEC));
                Inference inference =
                        new Inference(
                                teacher.getBlock(),
                                teacher.getNDManager(),
                                teacher.getNDManager().getDevice(),
                                d.normalization(),
                                batchSize);
                perMember[m] = new float[views][];
                for (int v = 0; v < views; v++) {
                    perMember[m][v] = inference.logits(images, samples, from, to, augmentation, v);
                }
            }
        }
        if (perMember.length == 1) {
            return perMember[0];
        }
        float[][] combined = new float[views][];
        for (int v = 0; v < views; v++) {
            float[][] rows = new float[perMember.length][];
            for (int m = 0; m < perMember.length; m++) {
                rows[m] = perMember[m][v];
            }
            combined[v] = combination.combine(rows, to - from);
        }
        return combined;
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
