package dev.distillery.steps.training;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.contract.DistilleryException;
import dev.distillery.steps.model.SavedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The state of a training run after a complete epoch: the network's parameters ({@code
 * model-0000.params}), {@code checkpoint.json} with the epoch number, the spec it belongs to and
 * the training curve so far and the settings of the run, and beside them the optimizer state its
 * {@link ParameterUpdate} writes: Adam's moments and step counts ({@value FusedAdam#FILE}, by
 * {@link FusedAdam}), so a resumed Adam run continues exactly where it stopped. DJL's optimizer,
 * used for SGD, keeps its state (momentum) to itself: that restarts on resume.
 *
 * @param epoch the number of completed epochs
 * @param spec the model spec the parameters belong to
 * @param seed the seed of the run
 * @param history one record per completed epoch
 * @param bestEpoch the epoch with the best validation accuracy so far (0 if none)
 * @param bestAccuracy that epoch's validation accuracy
 * @param run everything that determines the run (null in checkpoints written before it was kept)
 */
public record Checkpoint(
        int epoch,
        String spec,
        long seed,
        List<EpochRecord> history,
        int bestEpoch,
        double bestAccuracy,
        RunSettings run) {
    private static final String FILE = "checkpoint.json";
    private static final ObjectMapper JSON =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Writes this checkpoint and {@code model}'s parameters into {@code folder}. */
    public void write(Model model, Path folder) throws IOException {
        model.setProperty("Epoch", "0");
        model.save(folder, SavedModel.PARAMS_PREFIX);
        JSON.writeValue(folder.resolve(FILE).toFile(), this);
    }

    /**
     * Writes only {@code checkpoint.json} into {@code folder}: a group's checkpoint, whose
     * networks' parameters sit in folders of their own beside it.
     */
    public void writeDescription(Path folder) throws IOException {
        JSON.writeValue(folder.resolve(FILE).toFile(), this);
    }

    /** Reads the checkpoint description in {@code folder}. */
    public static Checkpoint read(Path folder) {
        try {
            return JSON.readValue(folder.resolve(FILE).toFile(), Checkpoint.class);
        } catch (IOException e) {
            throw DistilleryException.badInput(
                    "checkpoint " + folder + " is unreadable: " + e.getMessage(), e);
        }
    }

    /** Loads the checkpoint's parameters into {@code model}, whose block must be set. */
    public static void loadParameters(Model model, Path folder) {
        try {
            model.load(folder, SavedModel.PARAMS_PREFIX);
        } catch (IOException | MalformedModelException e) {
            throw DistilleryException.badInput(
                    "checkpoint " + folder + " does not fit the model: " + e.getMessage(), e);
        }
    }

    /** Whether {@code folder} holds a checkpoint. */
    public static boolean isIn(Path folder) {
        return Files.isRegularFile(folder.resolve(FILE));
    }
}
