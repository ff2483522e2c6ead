package dev.distillery.cli.cluster;

import dev.distillery.api.Distillation;
import dev.distillery.api.status.BestStudent;
import dev.distillery.api.status.DistillationStatus;
import dev.distillery.api.status.SelectedStudent;
import dev.distillery.api.status.StepPhase;
import dev.distillery.api.status.StepStatus;
import dev.distillery.api.status.StudentStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the cluster commands show a Distillation: the printer columns' table ({@code get}) and the
 * long form ({@code describe}). Pure: it formats what it is given.
 */
public final class DistillationView {

    private DistillationView() {}

    /** The printer columns of the CRD, one row per Distillation, aligned, with a header. */
    public static List<String> table(List<Distillation> items, boolean withNamespace, Instant now) {
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>();
        if (withNamespace) {
            header.add("NAMESPACE");
        }
        header.addAll(List.of("NAME", "PHASE", "BEST", "ACCURACY", "STUDENTS", "AGE"));
        rows.add(header);
        for (Distillation item : items) {
            DistillationStatus status = item.getStatus();
            BestStudent best = status == null ? null : status.getBest();
            List<String> row = new ArrayList<>();
            if (withNamespace) {
                row.add(item.getMetadata().getNamespace());
            }
            row.add(item.getMetadata().getName());
            row.add(status == null || status.getPhase() == null ? "" : phase(status));
            row.add(best == null || best.getName() == null ? "" : best.getName());
            row.add(best == null ? "" : percent(best.getAccuracy()));
            row.add(status == null || status.getProgress() == null ? "" : status.getProgress());
            row.add(age(item.getMetadata().getCreationTimestamp(), now));
            rows.add(row);
        }
        return aligned(rows);
    }

    /**
     * The long form: students and their accuracies, the chosen cells, artifacts, every step with
     * what it waits for, conditions and events.
     */
    public static List<String> describe(Distillation item, List<Event> events, Instant now) {
        List<String> out = new ArrayList<>();
        DistillationStatus status = item.getStatus();
        out.add("Name:       " + item.getMetadata().getName());
        out.add("Namespace:  " + item.getMetadata().getNamespace());
        out.add("Age:        " + age(item.getMetadata().getCreationTimestamp(), now));
        if (status == null) {
            out.add("Status:     none yet (is the operator running and watching this namespace?)");
            return out;
        }
        out.add("Phase:      " + (status.getPhase() == null ? "" : phase(status)));
        if (status.getProgress() != null) {
            out.add("Students:   " + status.getProgress() + " done");
        }
        BestStudent best = status.getBest();
        if (best != null) {
            out.add(
                    "Best:       "
                            + best.getName()
                            + ", test accuracy "
                            + percent(best.getAccuracy())
                            + " (chosen on validation accuracy "
                            + percent(best.getValidationAccuracy())
                            + ")");
        }
        if (status.getReport() != null) {
            out.add("Report:     " + status.getReport());
        }
        if (status.getStudents() != null && !status.getStudents().isEmpty()) {
            out.add("");
            out.add("Students:");
            List<List<String>> rows = new ArrayList<>();
            rows.add(
                    List.of(
                            "  NAME",
                            "MODEL",
                            "T",
                            "ALPHA",
                            "PHASE",
                            "ACCURACY",
                            "SCRATCH",
                            "SELECTED",
                            "ARTIFACT"));
            for (StudentStatus s : status.getStudents()) {
                rows.add(
                        List.of(
                                "  " + s.getName(),
                                text(s.getModel()),
                                number(s.getTemperature()),
                                number(s.getAlpha()),
                                phase(s.getPhase()),
                                percent(s.getAccuracy()),
                                percent(s.getScratchAccuracy()),
                                Boolean.TRUE.equals(s.getSelected()) ? "yes" : "",
                                text(s.getArtifact())));
            }
            out.addAll(aligned(rows));
        }
        if (status.getSelection() != null && !status.getSelection().isEmpty()) {
            out.add("");
            out.add("Chosen cells (on validation accuracy):");
            for (SelectedStudent s : status.getSelection()) {
                out.add(
                        "  "
                                + s.getStudent()
                                + ": T="
                                + number(s.getTemperature())
                                + " alpha="
                                + number(s.getAlpha())
                                + ", "
                                + (s.getSeeds() == null ? 1 : s.getSeeds())
                                + " seed(s), test accuracy "
                                + percent(s.getAccuracyMean())
                                + (s.getScratchAccuracyMean() == null
                                        ? ""
                                        : ", scratch " + percent(s.getScratchAccuracyMean())));
            }
        }
        if (status.getSteps() != null && !status.getSteps().isEmpty()) {
            out.add("");
            out.add("Steps:");
            List<List<String>> steps = new ArrayList<>();
            steps.add(List.of("  NAME", "PHASE", "JOB", "WAITING", "MESSAGE"));
            for (StepStatus step : status.getSteps()) {
                steps.add(
                        List.of(
                                "  " + step.getName(),
                                phase(step.getPhase()),
                                text(step.getJobName()),
                                text(step.getWaiting()),
                                text(step.getMessage())));
            }
            out.addAll(aligned(steps));
        }
        out.add("");
        out.add("Conditions:");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("  TYPE", "STATUS", "REASON", "MESSAGE"));
        for (Condition c :
                status.getConditions() == null ? List.<Condition>of() : status.getConditions()) {
            rows.add(
                    List.of(
                            "  " + c.getType(),
                            text(c.getStatus()),
                            text(c.getReason()),
                            text(c.getMessage())));
        }
        out.addAll(aligned(rows));
        out.add("");
        out.add("Events:");
        if (events.isEmpty()) {
            out.add("  none");
        } else {
            for (Event e : events) {
                out.add(
                        "  "
                                + text(e.getType())
                                + "  "
                                + text(e.getReason())
                                + "  "
                                + text(e.getMessage()));
            }
        }
        return out;
    }

    static String phase(DistillationStatus status) {
        return capitalized(status.getPhase().name());
    }

    /** A step's or student's phase as the status writes it ("Succeeded"), or blank. */
    private static String phase(StepPhase phase) {
        return phase == null ? "" : capitalized(phase.name());
    }

    private static String capitalized(String constant) {
        return constant.charAt(0) + constant.substring(1).toLowerCase(Locale.ROOT);
    }

    static String percent(Double fraction) {
        return fraction == null ? "" : String.format(Locale.ROOT, "%.2f %%", fraction * 100);
    }

    private static String number(Double value) {
        if (value == null) {
            return "";
        }
        return value == Math.rint(value)
                ? String.valueOf(value.longValue())
                : String.valueOf(value);
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    /** Like kubectl: 45s, 12m, 3h, 2d. */
    static String age(String creationTimestamp, Instant now) {
        if (creationTimestamp == null) {
            return "";
        }
        Duration age = Duration.between(Instant.parse(creationTimestamp), now);
        if (age.toSeconds() < 120) {
            return Math.max(0, age.toSeconds()) + "s";
        }
        if (age.toMinutes() < 120) {
            return age.toMinutes() + "m";
        }
        if (age.toHours() < 48) {
            return age.toHours() + "h";
        }
        return age.toDays() + "d";
    }

    private static List<String> aligned(List<List<String>> rows) {
        int columns = rows.get(0).size();
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(row.get(i));
                if (i < columns - 1) {
                    line.append(" ".repeat(widths[i] - row.get(i).length() + 3));
                }
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}
