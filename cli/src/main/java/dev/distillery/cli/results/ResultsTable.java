package dev.distillery.cli.results;

import dev.distillery.api.status.DistillationStatus;
import dev.distillery.api.status.StudentStatus;
import dev.distillery.api.status.TeacherMemberStatus;
import dev.distillery.api.status.TeacherStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The table {@code distillery run} ends with: one row per teacher member and per student variant,
 * with parameters, accuracy, scratch accuracy, gain and compression, read from the status.
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
                    "COMPRESSION");

    private ResultsTable() {}

    /** The table of {@code status}, columns aligned, one line per row. */
    public static String of(DistillationStatus status) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        TeacherStatus teacher = status.getTeacher();
        if (teacher != null && teacher.getMembers() != null) {
            List<TeacherMemberStatus> members = teacher.getMembers();
            for (int i = 0; i < members.size(); i++) {
                TeacherMemberStatus member = members.get(i);
                rows.add(
                        List.of(
                                "teacher-" + i,
                                text(member.getModel()),
                                count(member.getParameters()),
                                percent(member.getAccuracy()),
                                "",
                                "",
                                ""));
            }
            if (members.size() > 1) {
                rows.add(
                        List.of(
                                "teacher (mean of " + members.size() + ")",
                                "",
                                "",
                                percent(teacher.getAccuracy()),
                                "",
                                "",
                                ""));
            }
        }
        if (status.getStudents() != null) {
            for (StudentStatus student : status.getStudents()) {
                rows.add(
                        List.of(
                                student.getName(),
                                text(student.getModel()),
                                count(student.getParameters()),
                                percent(student.getAccuracy()),
                                percent(student.getScratchAccuracy()),
                                gain(student),
                                student.getCompression() != null
                                        ? String.format(
                                                Locale.ROOT, "%.1fx", student.getCompression())
                                        : ""));
            }
        }
        return render(rows);
    }

    /** Distilled minus scratch accuracy, in percentage points. */
    static String gain(StudentStatus student) {
        if (student.getAccuracy() == null || student.getScratchAccuracy() == null) {
            return "";
        }
        return String.format(
                Locale.ROOT,
                "%+.2f pts",
                (student.getAccuracy() - student.getScratchAccuracy()) * 100);
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
                boolean number = i >= 2 && row != HEADER;
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

    private static String percent(Double value) {
        return value != null ? String.format(Locale.ROOT, "%.2f %%", value * 100) : "";
    }
}
