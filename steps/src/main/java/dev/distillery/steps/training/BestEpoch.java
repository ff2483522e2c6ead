package dev.distillery.steps.training;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import dev.distillery.contract.DistilleryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The epoch with the best validation accuracy so far and, with early stopping, a copy of its
 * parameters ({@code best-0000.params}) that travels inside every checkpoint, so a resumed run
 * still ends with the best epoch's parameters and stops at the same epoch.
 */
final class BestEpoch implements AutoCloseable {
    static final String PREFIX = "best";
    private static final String FILE = PREFIX + "-0000.params";

    private final int patience;
    private final Path folder;
    private int epoch;
    private double accuracy = Double.NEGATIVE_INFINITY;

    /**
     * Tracking with early-stopping {@code patience} (0 = off), keeping parameters in a temp folder.
     */
    BestEpoch(int patience) {
        this.patience = patience;
        try {
            this.folder = Files.createTempDirectory("distillery-best");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a folder for the best parameters", e);
        }
    }

    /** Continues from a checkpoint: its best epoch and accuracy, and its best parameters. */
    void resume(Checkpoint saved, Path checkpointFolder) {
        epoch = saved.bestEpoch();
        accuracy = saved.bestEpoch() > 0 ? saved.bestAccuracy() : Double.NEGATIVE_INFINITY;
        Path file = checkpointFolder.resolve(FILE);
        if (patience > 0 && epoch > 0) {
            if (!Files.isRegularFile(file)) {
                throw DistilleryException.badInput(
                        "checkpoint "
                                + checkpointFolder
                                + " has no "
                                + FILE
                                + " for --early-stopping: it was written without early stopping;"
                                + " use another --output");
            }
            copy(file, folder.resolve(FILE));
        }
    }

    /** Records epoch {@code number}'s validation accuracy, saving the parameters if it is best. */
    void record(int number, double validationAccuracy, Model model) {
        if (!(validationAccuracy > accuracy)) {
            return;
        }
        epoch = number;
        accuracy = validationAccuracy;
        if (patience > 0) {
            try {
                model.setProperty("Epoch", "0");
                model.save(folder, PREFIX);
            } catch (IOException e) {
                throw new IllegalStateException("cannot save the best parameters", e);
            }
        }
    }

    /** Whether training should stop after {@code completed} epochs. */
    boolean shouldStop(int completed) {
        return patience > 0 && epoch > 0 && completed - epoch >= patience;
    }

    /** Puts the best parameters beside a checkpoint being written in {@code checkpointFolder}. */
    void addTo(Path checkpointFolder) {
        if (patience > 0 && epoch > 0) {
            copy(folder.resolve(FILE), checkpointFolder.resolve(FILE));
        }
    }

    /** With early stopping, loads the best epoch's parameters into {@code model}. */
    void restore(Model model) {
        if (patience == 0 || epoch == 0) {
            return;
        }
        try {
            model.load(folder, PREFIX);
        } catch (IOException | MalformedModelException e) {
            throw new IllegalStateException("cannot load the best parameters", e);
        }
    }

    /** The best epoch, 0 before any validation. */
    int epoch() {
        return epoch;
    }

    /** The best validation accuracy, NaN before any validation. */
    double accuracy() {
        return epoch > 0 ? accuracy : Double.NaN;
    }

    /** Deletes the kept parameters. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(folder.resolve(FILE));
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            // A leftover temporary file is harmless; the run's result is not affected.
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("cannot copy the best parameters to " + to, e);
        }
    }
}
