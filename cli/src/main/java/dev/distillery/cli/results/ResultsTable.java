package dev.distillery.cli.results;

import dev.distillery.api.plan.DecimalText;
import dev.distillery.api.status.BestStudent;
import dev.distillery.api.status.DistillationStatus;
import dev.distillery.api.status.SelectedStudent;
import dev.distillery.api.status.StudentStatus;
import dev.distillery.api.status.TeacherMemberStatus;
import dev.distillery.api.status.TeacherStatus;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The table {@code distillery run} ends with: one row per teacher member, then one row per student
 * of the spec for the sweep cell chosen on validation accuracy, with its test accuracy and its
 * scratch twins' (mean +- std over seeds), gain, gap closure, compression and the chosen setting. A
 * student with no chosen cell yet (a failed run) lists its finished variants instead.
 */
public final class ResultsTable {
    private static final List<String> HEADER =
            List.of(
                    "NAME",
                    "MODEL",
                    "PARAMETERS",
                    "ACCURACY",
                    "SCRATCH ACCURACY",
                    "GAIN",
                    "GAIN > SPREAD",
                    "GAP CLOSED",
                    "COMPRESSION",
                    "SELECTED");

    private ResultsTable() {}

    /** The table of {@code status}, columns aligned, one line per row. */
    public static String of(DistillationStatus status) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        teacher(status.getTeacher(), rows);
        List<StudentStatus> students =
                status.getStudents() != null ? status.getStudents() : List.of();
        List<SelectedStudent> selection =
                status.getSelection() != null ? status.getSelection() : List.of();
        Set<String> names = new LinkedHashSet<>();
        students.forEach(s -> names.add(group(s)));
        boolean averaged = false;
        for (String name : names) {
            SelectedStudent chosen =
                    selection.stream()
                            .filter(s -> name.equals(s.getStudent()))
                            .findFirst()
                            .orElse(null);
            if (chosen != null) {
                rows.add(row(chosen));
                averaged |= chosen.getSeeds() != null && chosen.getSeeds() > 1;
                continue;
            }
            students.stream()
                    .filter(s -> name.equals(group(s)) && s.getAccuracy() != null)
                    .forEach(s -> rows.add(row(s)));
        }
        String table = render(rows);
        if (!selection.isEmpty()) {
            table +=
                    "(setting chosen per student on validation accuracy; ACCURACY is on the test"
                            + " split"
                            + (averaged
                                    ? ", mean +- std over seeds; GAIN > SPREAD: the gain exceeds"
                                            + " both stds together"
                                    : "")
                            + (selection.stream().anyMatch(s -> s.getGapClosure() != null)
                                    ? "; GAP CLOSED: gain / (teacher - scratch), teacher = "
                                            + teacherName(status.getTeacher())
                                    : "")
                            + "; every variant is in the resource and report.html)\n";
        }
        return table;
    }

    /**
     * The line naming the best student: chosen on validation accuracy (the number it was chosen
     * on), with its test accuracy beside it, so neither is mistaken for the other.
     */
    public static Optional<String> best(DistillationStatus status) {
        BestStudent best = status.getBest();
        if (best == null) {
            return Optional.empty();
        }
        String chosen =
                best.getValidationAccuracy() != null
                        ? ", chosen on validation accuracy ("
                                + percent(best.getValidationAccuracy(), null)
                                + ")"
                        : "";
        return Optional.of(
                "best:     "
                        + best.getName()
                        + chosen
                        + "; test accuracy "
                        + percent(best.getAccuracy(), null));
    }

    private static String teacherName(TeacherStatus teacher) {
        int members =
                teacher != null && teacher.getMembers() != null ? teacher.getMembers().size() : 0;
        String accuracy = teacher != null ? percent(teacher.getAccuracy(), null) : "";
        return (members > 1 ? "the ensemble, " : "the teacher, ") + accuracy;
    }

    private static void teacher(TeacherStatus teacher, List<List<String>> rows) {
        if (teacher == null || teacher.getMembers() == null) {
            return;
        }
        List<TeacherMemberStatus> members = teacher.getMembers();
        for (int i = 0; i < members.size(); i++) {
            TeacherMemberStatus member = members.get(i);
            rows.add(
                    List.of(
                            "teacher-" + i,
                            text(member.getModel()),
                            count(member.getParameters()),
                            percent(member.getAccuracy(), null),
                            "",
                            "",
                            "",
                            "",
                            "",
                            ""));
        }
        if (members.size() > 1) {
            rows.add(
                    List.of(
                            "teacher ensemble (" + members.size() + " members)",
                            "",
                            "",
                            percent(teacher.getAccuracy(), null),
                            "",
                            "",
                            "",
                            "",
                            "",
                            ""));
        }
    }

    private static List<String> row(SelectedStudent chosen) {
        return List.of(
                chosen.getName(),
                text(chosen.getModel()),
                count(chosen.getParameters()),
                percent(chosen.getAccuracyMean(), chosen.getAccuracyStd()),
                percent(chosen.getScratchAccuracyMean(), chosen.getScratchAccuracyStd()),
                points(chosen.getGain()),
                verdict(chosen.getGainExceedsSpread()),
                chosen.getGapClosure() != null
                        ? String.format(Locale.ROOT, "%.0f %%", chosen.getGapClosure() * 100)
                        : "",
                times(chosen.getCompression()),
                setting(chosen.getTemperature(), chosen.getAlpha())
                        + (chosen.getSeeds() != null && chosen.getSeeds() > 1
                                ? ", " + chosen.getSeeds() + " seeds"
                                : ""));
    }

    private static List<String> row(StudentStatus student) {
        return List.of(
                student.getName(),
                text(student.getModel()),
                count(student.getParameters()),
                percent(student.getAccuracy(), null),
                percent(student.getScratchAccuracy(), null),
                gain(student),
                "",
                "",
                times(student.getCompression()),
                "");
    }

    /** Distilled minus scratch accuracy, in percentage points. */
    static String gain(StudentStatus student) {
        if (student.getAccuracy() == null || student.getScratchAccuracy() == null) {
            return "";
        }
        return points(student.getAccuracy() - student.getScratchAccuracy());
    }

    private static String verdict(Boolean gainExceedsSpread) {
        if (gainExceedsSpread == null) {
            return "";
        }
        return gainExceedsSpread ? "yes" : "no";
    }

    private static String points(Double gain) {
        return gain != null ? String.format(Locale.ROOT, "%+.2f pts", gain * 100) : "";
    }

    private static String setting(Double temperature, Double alpha) {
        if (temperature == null || alpha == null) {
            return "";
        }
        return "T=" + DecimalText.plain(temperature) + " alpha=" + DecimalText.plain(alpha);
    }

    private static String group(StudentStatus student) {
        return student.getStudent() != null ? student.getStudent() : student.getName();
    }

    private static String render(List<List<String>> rows) {
        int[] widths = new int[HEADER.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder table = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                boolean number = i >= 2 && i < HEADER.size() - 1 && row != HEADER;
                line.append(
                        number
                                ? " ".repeat(widths[i] - cell.length()) + cell
                                : cell + " ".repeat(widths[i] - cell.length()));
                line.append("  ");
            }
            table.append(line.toString().stripTrailing()).append('\n');
        }
        return table.toString();
    }

    private static String text(String value) {
        return value != null ? value : "";
    }

    private static String count(Long value) {
        return value != null ? String.format(Locale.ROOT, "%,d", value) : "";
    }

    private static String times(Double compression) {
        return compression != null ? String.format(Locale.ROOT, "%.1fx", compression) : "";
    }

    private static String percent(Double value, Double std) {
        if (value == null) {
            return "";
        }
        return std != null
                ? String.format(Locale.ROOT, "%.2f +- %.2f %%", value * 100, std * 100)
                : String.format(Locale.ROOT, "%.2f %%", value * 100);
    }
}
