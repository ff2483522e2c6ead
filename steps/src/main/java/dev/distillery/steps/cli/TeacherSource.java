package dev.distillery.steps.cli;

import ai.djl.Device;
import dev.distillery.contract.DistilleryException;
import dev.distillery.steps.artifacts.SoftLabelArtifact;
import dev.distillery.steps.artifacts.StepStorage;
import dev.distillery.steps.data.ImageDataset;
import dev.distillery.steps.imported.Teachers;
import dev.distillery.steps.softlabels.EnsembleCombination;
import dev.distillery.steps.softlabels.SoftLabels;
import dev.distillery.steps.softlabels.TeacherEnsemble;
import dev.distillery.steps.training.ConsistentTeacher;
import dev.distillery.steps.training.StoredTeacher;
import dev.distillery.steps.training.TeacherSignal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where a student's teacher comes from, in {@code train} and {@code packed} alike: stored soft
 * labels ({@code --teacher-logits}), or the teachers themselves loaded into the step, which label
 * every batch on the fly (consistent mode, {@code --teacher}); neither for a run from the labels
 * alone.
 */
public final class TeacherSource {

    @Option(
            names = "--teacher-logits",
            paramLabel = "URI",
            description = "Soft labels written by soft-labels: train a student.")
    Optional<String> teacherLogits = Optional.empty();

    @Option(
            names = "--teacher",
            paramLabel = "URI",
            description =
                    "A trained or imported (TorchScript, ONNX) teacher loaded into this step that"
                            + " labels every augmented batch on the fly (consistent mode); repeat"
                            + " for an ensemble. Instead of --teacher-logits.")
    List<String> teachers = new ArrayList<>();

    @Option(
            names = "--ensemble-combine",
            defaultValue = "probabilities",
            paramLabel = "RULE",
            description =
                    "How --teacher members combine: probabilities (log of the mean softmax) or"
                            + " logits (mean). Default: ${DEFAULT-VALUE}.")
    String ensembleCombine;

    /** Whether there is a teacher at all: the run trains a student. */
    boolean present() {
        return teacherLogits.isPresent() || !teachers.isEmpty();
    }

    /** Whether the teacher runs in the step (consistent mode). */
    boolean live() {
        return !teachers.isEmpty();
    }

    /**
     * Fails on combinations that cannot work, before anything is read; {@code hintFlag} names the
     * hint weight of a student that asks for hints, if one does.
     */
    void check(Optional<String> hintFlag) {
        EnsembleCombination.fromFlag(ensembleCombine);
        if (!teachers.isEmpty() && teacherLogits.isPresent()) {
            throw DistilleryException.badInput(
                    "--teacher and --teacher-logits exclude each other: the teacher either runs in"
                            + " this step or its logits were stored");
        }
        if (hintFlag.isPresent() && teachers.isEmpty()) {
            throw DistilleryException.badInput(
                    hintFlag.get() + " needs the teacher in the step: pass --teacher URI");
        }
    }

    /**
     * The teacher, checked against the data: stored soft labels, or the fixed teachers loaded onto
     * {@code device} (with their hint layer when {@code hints}); empty without one.
     */
    Loaded load(
            StepStorage storage, ImageDataset data, String dataUri, Device device, boolean hints) {
        if (teacherLogits.isPresent()) {
            SoftLabels stored = SoftLabelArtifact.read(storage, teacherLogits.get());
            stored.checkMatches(teacherLogits.get(), data.train().count(), data.classes(), dataUri);
            return new Loaded(Optional.of(new StoredTeacher(stored)), Optional.empty());
        }
        if (teachers.isEmpty()) {
            return new Loaded(Optional.empty(), Optional.empty());
        }
        List<Path> folders = new ArrayList<>();
        for (String uri : teachers) {
            folders.add(storage.fetchTeacher(StepStorage.canonical(uri)));
        }
        TeacherEnsemble.checkFits(folders, data.train(), data.classNames(), dataUri);
        ConsistentTeacher live =
                ConsistentTeacher.load(
                        folders,
                        teachers,
                        new Teachers.DataFit(data.shape(), data.classNames(), dataUri),
                        EnsembleCombination.fromFlag(ensembleCombine),
                        hints,
                        device);
        return new Loaded(Optional.of(live), Optional.of(live));
    }

    /** What the student learns from, for a log line: {@code "stored soft labels"} and the like. */
    String describe() {
        if (live()) {
            return teachers.size() + " teacher(s) in the step (consistent mode)";
        }
        return teacherLogits.isPresent() ? "stored soft labels" : "the labels alone";
    }

    /** Adds the flags naming the teacher (none without one) to a run's inputs. */
    void addInputs(Map<String, String> inputs) {
        teacherLogits.ifPresent(uri -> inputs.put("--teacher-logits", StepStorage.canonical(uri)));
        if (live()) {
            inputs.put(
                    "--teacher",
                    String.join(",", teachers.stream().map(StepStorage::canonical).toList()));
            inputs.put("--ensemble-combine", ensembleCombine);
        }
    }

    /** Adds where the teacher came from to the details of a student's {@code metrics.json}. */
    void addDetails(Map<String, Object> details) {
        details.put("teacherLogits", teacherLogits.orElse(null));
        details.put("teachers", teachers.isEmpty() ? null : teachers);
        details.put("softLabelsMode", present() ? (live() ? "consistent" : "stored") : null);
        details.put("ensembleCombine", teachers.size() > 1 ? ensembleCombine : null);
    }

    /**
     * A loaded teacher: the signal a run learns from, and the live teachers behind it, which hold
     * native memory until closed.
     */
    record Loaded(Optional<TeacherSignal> signal, Optional<ConsistentTeacher> live)
            implements AutoCloseable {
        @Override
        public void close() {
            live.ifPresent(ConsistentTeacher::close);
        }
    }
}
