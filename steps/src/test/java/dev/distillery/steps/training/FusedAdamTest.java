package dev.distillery.steps.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import dev.distillery.steps.data.ImageShape;
import dev.distillery.steps.model.ModelSpec;
import dev.distillery.steps.model.ModelZoo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FusedAdamTest {
    private static final float LR = 0.01f;
    private static final float[] START = {0.5f, -0.3f};
    private static final float[][] GRADIENTS = {{0.2f, -0.4f}, {0.1f, 0.3f}, {-0.5f, 0.05f}};

    @TempDir Path dir;

    @Test
    void adamStepsFollowTheBiasCorrectedUpdate() {
        float[][] weights = linearSteps(0);
        // Step 1: the bias-corrected moments are g and g^2, so each weight moves by lr * sign(g).
        assertThat(weights[0][0]).isCloseTo(0.5f - LR, within(1e-7f));
        assertThat(weights[0][1]).isCloseTo(-0.3f + LR, within(1e-7f));
        double[][] expected = adam(0);
        for (int step = 0; step < GRADIENTS.length; step++) {
            for (int i = 0; i < START.length; i++) {
                assertThat((double) weights[step][i])
                        .as("step %d, weight %d", step + 1, i)
                        .isCloseTo(expected[step][i], within(1e-6));
            }
        }
    }

    @Test
    void adamWDecaysTheWeightsApartFromTheMoments() {
        float[][] weights = linearSteps(0.1);
        // Step 1: w * (1 - lr * decay), then lr * sign(g).
        assertThat(weights[0][0]).isCloseTo(0.5f * (1 - LR * 0.1f) - LR, within(1e-7f));
        assertThat(weights[0][1]).isCloseTo(-0.3f * (1 - LR * 0.1f) + LR, within(1e-7f));
        double[][] expected = adam(0.1);
        for (int step = 0; step < GRADIENTS.length; step++) {
            for (int i = 0; i < START.length; i++) {
                assertThat((double) weights[step][i]).isCloseTo(expected[step][i], within(1e-6));
            }
        }
    }

    @Test
    void followsDjlsAdamAndAdamW() {
        // DJL adds epsilon before the bias correction, PyTorch (and FusedAdam) after it: with a
        // negligible epsilon on both sides everything else (moments, bias correction, decoupled
        // decay) must agree to float precision. The default epsilon is checked by hand above.
        float eps = 1e-20f;
        for (float decay : new float[] {0, 0.05f}) {
            Optimizer djl =
                    decay == 0
                            ? Optimizer.adam()
                                    .optLearningRateTracker(Tracker.fixed(LR))
                                    .optEpsilon(eps)
                                    .build()
                            : Optimizer.adamW()
                                    .optLearningRateTracker(Tracker.fixed(LR))
                                    .optWeightDecays(decay)
                                    .optEpsilon(eps)
                                    .build();
            List<float[]> theirs = trainMlp(djl, decay, eps, 6);
            List<float[]> ours = trainMlp(null, decay, eps, 6);
            assertThat(ours).hasSameSizeAs(theirs);
            for (int p = 0; p < ours.size(); p++) {
                for (int i = 0; i < ours.get(p).length; i++) {
                    assertThat(ours.get(p)[i])
                            .as("decay %s, parameter %d, value %d", decay, p, i)
                            .isCloseTo(theirs.get(p)[i], within(2e-6f));
                }
            }
        }
    }

    @Test
    void savesAndRestoresItsMomentsAndStepCounts() {
        float[] continued;
        float[] resumed;
        float[] saved;
        try (Model model = linearModel();
                Trainer trainer = linearTrainer(model)) {
            try (FusedAdam adam = new FusedAdam(trainer, Tracker.fixed(LR), 0)) {
                step(trainer, adam, GRADIENTS[0]);
                adam.save(dir);
                saved = weight(trainer).toFloatArray();
                step(trainer, adam, GRADIENTS[1]);
                continued = weight(trainer).toFloatArray();
            }
            assertThat(Files.isRegularFile(dir.resolve(FusedAdam.FILE))).isTrue();
            weight(trainer).set(saved);
            List<String> log = new ArrayList<>();
            try (FusedAdam adam = new FusedAdam(trainer, Tracker.fixed(LR), 0)) {
                adam.restore(dir, log::add);
                assertThat(adam.stepsTaken()).isEqualTo(1);
                step(trainer, adam, GRADIENTS[1]);
                resumed = weight(trainer).toFloatArray();
            }
            assertThat(log).containsExactly("restored Adam's moments after 1 step(s)");
        }
        assertThat(resumed).containsExactly(continued);
    }

    @Test
    void stepsCreateNoArraysInTheTrainersManagers() {
        try (Model model = linearModel();
                Trainer trainer = linearTrainer(model);
                FusedAdam adam = new FusedAdam(trainer, Tracker.fixed(LR), 0)) {
            step(trainer, adam, GRADIENTS[0]);
            int arrays = trainer.getManager().getManagedArrays().size();
            for (int i = 0; i < 200; i++) {
                step(trainer, adam, GRADIENTS[i % GRADIENTS.length]);
            }
            assertThat(trainer.getManager().getManagedArrays()).hasSize(arrays);
            assertThat(adam.stepsTaken()).isEqualTo(201);
        }
    }

    /** The weights after each step of FusedAdam on a 2-input linear unit fed GRADIENTS. */
    private static float[][] linearSteps(double decay) {
        float[][] weights = new float[GRADIENTS.length][];
        try (Model model = linearModel();
                Trainer trainer = linearTrainer(model);
                FusedAdam adam = new FusedAdam(trainer, Tracker.fixed(LR), decay)) {
            for (int step = 0; step < GRADIENTS.length; step++) {
                step(trainer, adam, GRADIENTS[step]);
                weights[step] = weight(trainer).toFloatArray();
                try (NDArray gradient = weight(trainer).getGradient()) {
                    assertThat(gradient.toFloatArray()).containsOnly(0f);
                }
            }
            assertThat(adam.stepsTaken()).isEqualTo(GRADIENTS.length);
        }
        return weights;
    }

    /** Adam (AdamW with {@code decay}) on START and GRADIENTS, worked out in doubles. */
    private static double[][] adam(double decay) {
        double[] w = {START[0], START[1]};
        double[] m = new double[2];
        double[] v = new double[2];
        double[][] out = new double[GRADIENTS.length][2];
        for (int t = 1; t <= GRADIENTS.length; t++) {
            for (int i = 0; i < 2; i++) {
                double g = GRADIENTS[t - 1][i];
                w[i] *= 1 - LR * decay;
                m[i] = 0.9 * m[i] + 0.1 * g;
                v[i] = 0.999 * v[i] + 0.001 * g * g;
                double mHat = m[i] / (1 - Math.pow(0.9, t));
                double vHat = v[i] / (1 - Math.pow(0.999, t));
                w[i] -= LR * mHat / (Math.sqrt(vHat) + 1e-8);
                out[t - 1][i] = w[i];
            }
        }
        return out;
    }

    private static Model linearModel() {
        Model model = Model.newInstance("linear", Device.cpu());
        model.setBlock(Linear.builder().setUnits(1).optBias(false).build());
        return model;
    }

    private static Trainer linearTrainer(Model model) {
        Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()));
        trainer.initialize(new Shape(1, 2));
        weight(trainer).set(START);
        return trainer;
    }

    private static NDArray weight(Trainer trainer) {
        return trainer.getModel().getBlock().getParameters().get("weight").getArray();
    }

    /** Backward of sum(w . g) gives the gradient g; then one FusedAdam step. */
    private static void step(Trainer trainer, FusedAdam adam, float[] gradient) {
        try (NDManager batch = trainer.getManager().newSubManager();
                GradientCollector collector = trainer.newGradientCollector()) {
            NDList out = trainer.forward(new NDList(batch.create(gradient, new Shape(1, 2))));
            collector.backward(out.singletonOrThrow().sum());
        }
        adam.step();
    }

    /**
     * The parameters of a seeded mlp:16 after {@code steps} batches, stepped by {@code djl} through
     * the trainer, or by FusedAdam with {@code decay} and {@code eps} when {@code djl} is null.
     */
    private static List<float[]> trainMlp(Optimizer djl, float decay, float eps, int steps) {
        Engine.getInstance().setRandomSeed(11);
        ImageShape shape = new ImageShape(1, 8, 8);
        Block block = ModelZoo.build(ModelSpec.parse("mlp:16"), shape, 3);
        Random random = new Random(5);
        try (Model model = Model.newInstance("mlp", Device.cpu())) {
            model.setBlock(block);
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss());
            if (djl != null) {
                config.optOptimizer(djl);
            }
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1, 1, 8, 8));
                ParameterUpdate update =
                        djl != null
                                ? new TrainerStep(trainer, "adam")
                                : new FusedAdam(trainer, Tracker.fixed(LR), decay, eps);
                try (update) {
                    for (int s = 0; s < steps; s++) {
                        float[] pixels = new float[16 * 64];
                        int[] labels = new int[16];
                        for (int i = 0; i < pixels.length; i++) {
                            pixels[i] = (float) random.nextGaussian();
                        }
                        for (int i = 0; i < labels.length; i++) {
                            labels[i] = random.nextInt(3);
                        }
                        try (NDManager batch = trainer.getManager().newSubManager();
                                GradientCollector collector = trainer.newGradientCollector()) {
                            NDList x = new NDList(batch.create(pixels, new Shape(16, 1, 8, 8)));
                            NDList y = new NDList(batch.create(labels));
                            NDList out = trainer.forward(x, y);
                            collector.backward(trainer.getLoss().evaluate(y, out));
                        }
                        update.step();
                    }
                }
                List<float[]> values = new ArrayList<>();
                for (Pair<String, Parameter> p : block.getParameters()) {
                    values.add(p.getValue().getArray().toFloatArray());
                }
                return values;
            }
        }
    }
}
