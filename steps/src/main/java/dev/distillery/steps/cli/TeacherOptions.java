package dev.distillery.steps.cli;

import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of {@code train} that make it a student: where its teacher comes from ({@link
 * TeacherSource}), the temperature and alpha of Hinton's loss, and the hint weight.
 */
public final class TeacherOptions {

    @Mixin TeacherSource source;

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
        source.check(
                hintWeight > 0 ? Optional.of("--hint-weight " + hintWeight) : Optional.empty());
    }

    /** How the run learns from its teacher, for the first log line; empty for a teacher run. */
    String describe() {
        String loss = "T=" + temperature + ", alpha=" + alpha;
        if (source.live()) {
            return " as a consistent student of "
                    + source.teachers.size()
                    + " teacher(s) ("
                    + loss
                    + (hintWeight > 0 ? ", hint weight " + hintWeight : "")
                    + ")";
        }
        return source.present() ? " as a student (" + loss + ")" : "";
    }

    /** Adds the student settings to the details of {@code metrics.json}. */
    void addDetails(Map<String, Object> details) {
        source.addDetails(details);
        addLossDetails(details, source.present(), temperature, alpha, hintWeight);
    }

    /**
     * Adds a student's loss settings to the details of its {@code metrics.json} (none for a run
     * without a teacher), as {@code train} and {@code packed} write them.
     */
    static void addLossDetails(
            Map<String, Object> details,
            boolean student,
            double temperature,
            double alpha,
            double hintWeight) {
        details.put("hintWeight", hintWeight > 0 ? hintWeight : null);
        details.put("temperature", student ? temperature : null);
        details.put("alpha", student ? alpha : null);
    }
}
