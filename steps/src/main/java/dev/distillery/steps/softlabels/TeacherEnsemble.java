package dev.distillery.steps.softlabels;

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
 * as they are; an ensemble's members are combined as the log of the mean of their softmax
 * probabilities ({@code log(mean_m softmax(z_m))}, computed stably as a log-sum-exp), which is a
 * valid logit vector whose softmax is the ensemble's mean distribution at temperature 1.
 */
public final class TeacherEnsemble {
    /** The name of the combination rule, stored in the soft labels' header. */
    public static final String LOG_MEAN_SOFTMAX = "log-mean-softmax";

    private final List<Path> teacherFolders;

    /** The teachers saved in {@code teacherFolders}, run on the engine's default device. */
    public TeacherEnsemble(List<Path> teacherFolders) {
        this.teacherFolders = teacherFolders;
    }

    /** How members are combined: {@code single} or {@link #LOG_MEAN_SOFTMAX}. */
    public String combination() {
        return teacherFolders.size() == 1 ? "single" : LOG_MEAN_SOFTMAX;
    }

    /** The class count all teachers agree on, checked against the data's. */
    public void checkFits(LabelledImages images, int classes, String dataName) {
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
            try (Model teacher = SavedModel.load(teacherFolders.get(m))) {
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
            combined[v] = logMeanSoftmax(perMember, v, to - from);
        }
        return combined;
    }

    /** {@code log(mean_m softmax(z_m))} per sample, for view {@code view} of every member. */
    static float[] logMeanSoftmax(float[][][] members, int view, int samples) {
        int total = members[0][view].length;
        int classes = total / Math.max(1, samples);
        float[] out = new float[total];
        double[] logProbabilities = new double[members.length];
        for (int s = 0; s < samples; s++) {
            int offset = s * classes;
            double[][] memberLogSoftmax = new double[members.length][];
            for (int m = 0; m < members.length; m++) {
                memberLogSoftmax[m] = logSoftmax(members[m][view], offset, classes);
            }
            for (int c = 0; c < classes; c++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int m = 0; m < members.length; m++) {
                    logProbabilities[m] = memberLogSoftmax[m][c];
                    max = Math.max(max, logProbabilities[m]);
                }
                double sum = 0;
                for (double lp : logProbabilities) {
                    sum += Math.exp(lp - max);
                }
                out[offset + c] = (float) (max + Math.log(sum / members.length));
            }
        }
        return out;
    }

    private static double[] logSoftmax(float[] logits, int offset, int classes) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            max = Math.max(max, logits[offset + c]);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            sum += Math.exp(logits[offset + c] - max);
        }
        double logSum = max + Math.log(sum);
        double[] out = new double[classes];
        for (int c = 0; c < classes; c++) {
            out[c] = logits[offset + c] - logSum;
        }
        return out;
    }
}
