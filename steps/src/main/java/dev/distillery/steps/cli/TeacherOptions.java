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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options of {@code train} that make it a student: stored soft labels or the teachers
 * themselves (consistent mode), the temperature and alpha of Hinton's loss, and the hint weight.
 */
public final class TeacherOptions {

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

    @Option(
            names = "--hint-weight",
            defaultValue = "0",
            paramLabel = "W",
            description =
                    "Weight of the FitNets hint term (CNN student and --teacher, last conv blocks"
                            + " through a learned 1x1 adapter); 0 = off. Default: ${DEFAULT-VALUE}.")
    double hintWeight;

    @Option(
            names = "--temperature",
            defaultValue = "4",
            paramLabel = "T",
            description = "Distillation temperature T > 0. Default: ${DEFAULT-VALUE}.")
    double temperature;

    @Option(
            names = "--alpha",
            defaultValue = "0.9",
            paramLabel = "A",
            description = "Weight of the teacher term; 0 trains from the labels alone.")
    double alpha;

    /** Fails on combinations that cannot work, before anything is read. */
    void check() {
        EnsembleCombination.fromFlag(ensembleCombine);
        if (!teachers.isEmpty() && teacherLogits.isPresent()) {
            throw DistilleryException.badInput(
                    "--teacher and --teacher-logits exclude each other: the teacher either runs in"
                            + " this step or its logits were stored");
        }
        if (hintWeight > 0 && teachers.isEmpty()) {
            throw DistilleryException.badInput(
                    "--hint-weight "
                            + hintWeight
                            + " needs the teacher in the step: pass --teacher URI");
        }
    }

    /** The stored soft labels, checked against the data, with {@code --teacher-logits}. */
    Optional<SoftLabels> softLabels(StepStorage storage, ImageDataset data, String dataUri) {
        Optional<SoftLabels> stored =
                teacherLogits.map(uri -> SoftLabelArtifact.read(storage, uri));
        stored.ifPresent(
                t ->
                        t.checkMatches(
                                teacherLogits.get(),
                                data.train().count(),
                                data.classes(),
                                dataUri));
        return stored;
    }

    /**
     * The fixed teachers, checked against the data and loaded onto {@code device}, with {@code
     * --teacher}; the caller closes.
     */
    Optional<ConsistentTeacher> teachers(
            StepStorage storage, ImageDataset data, String dataUri, Device device) {
        if (teachers.isEmpty()) {
            return Optional.empty();
        }
        List<Path> folders = new ArrayList<>();
        for (String uri : teachers) {
            folders.add(storage.fetchTeacher(StepStorage.canonical(uri)));
        }
        TeacherEnsemble.checkFits(folders, data.train(), data.classNames(), dataUri);
        return Optional.of(
                ConsistentTeacher.load(
                        folders,
                        teachers,
                        new Teachers.DataFit(data.shape(), data.classNames(), dataUri),
                        EnsembleCombination.fromFlag(ensembleCombine),
                        hintWeight > 0,
                        device));
    }

    /** How the run learns from its teacher, for the first log line; empty for a teacher run. */
    String describe() {
        String loss = "T=" + temperature + ", alpha=" + alpha;
        if (!teachers.isEmpty()) {
            return " as a consistent student of "
                    + teachers.size()
                    + " teacher(s) ("
                    + loss
                    + (hintWeight > 0 ? ", hint weight " + hintWeight : "")
                    + ")";
        }
        return teacherLogits.isPresent() ? " as a student (" + loss + ")" : "";
    }

    /** Adds the flags naming the teacher (none for a teacher run) to a run's inputs. */
    void addInputs(Map<String, String> inputs) {
        teacherLogits.ifPresent(uri -> inputs.put("--teacher-logits", StepStorage.canonical(uri)));
        if (!teachers.isEmpty()) {
            inputs.put(
                    "--teacher",
                    String.join(",", teachers.stream().map(StepStorage::canonical).toList()));
            inputs.put("--ensemble-combine", ensembleCombine);
        }
    }

    /** Adds the student settings to the details of {@code metrics.json}. */
    void addDetails(Map<String, Object> details) {
        boolean student = teacherLogits.isPresent() || !teachers.isEmpty();
        details.put("teacherLogits", teacherLogits.orElse(null));
        details.put("teachers", teachers.isEmpty() ? null : teachers);
        details.put(
                "softLabelsMode", student ? (teachers.isEmpty() ? "stored" : "consistent") : null);
        details.put("ensembleCombine", teachers.size() > 1 ? ensembleCombine : null);
        details.put("hintWeight", hintWeight > 0 ? hintWeight : null);
        details.put("temperature", student ? temperature : null);
        details.put("alpha", student ? alpha : null);
    }
}
