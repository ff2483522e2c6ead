package dev.distillery.steps.report;

import dev.distillery.steps.report.ModelResult.Role;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code report.html} of a distillation: the results table (model, parameters, accuracy,
 * scratch accuracy, gain, compression) and the charts beside it, as one self-contained page.
 */
final class ReportPage {

    private ReportPage() {}

    /**
     * The page for {@code results}; {@code scratchOf} names the scratch twin of each student
     * variant, {@code images} the chart files (by caption) the page shows.
     */
    static String html(
            String title,
            List<ModelResult> results,
            Map<String, ModelResult> scratchOf,
            Map<String, String> images) {
        long teacherParameters =
                results.stream()
                        .filter(r -> r.role() == Role.TEACHER && r.parameters() != null)
                        .mapToLong(ModelResult::parameters)
                        .max()
                        .orElse(0);
        StringBuilder page = new StringBuilder();
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>")
                .append(escape(title))
                .append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:2em;max-width:60em}\n")
                .append("table{border-collapse:collapse}\n")
                .append("th,td{border:1px solid #bbb;padding:.3em .7em;text-align:right}\n")
                .append("td:first-child,td:nth-child(2),th{text-align:left}\n")
                .append("</style>\n</head>\n<body>\n<h1>")
                .append(escape(title))
                .append("</h1>\n<table>\n<tr><th>network</th><th>model</th><th>parameters</th>")
                .append("<th>accuracy</th><th>scratch accuracy</th><th>gain</th>")
                .append("<th>compression</th></tr>\n");
        for (ModelResult result : results) {
            if (result.role() == Role.SCRATCH) {
                continue;
            }
            ModelResult scratch = scratchOf.get(result.name());
            Double scratchAccuracy = scratch != null ? scratch.accuracy() : null;
            Double gain =
                    scratchAccuracy != null && result.accuracy() != null
                            ? (result.accuracy() - scratchAccuracy) * 100
                            : null;
            String compression =
                    result.role() == Role.STUDENT
                                    && result.parameters() != null
                                    && result.parameters() > 0
                                    && teacherParameters > 0
                            ? String.format(
                                    Locale.ROOT,
                                    "%.1fx",
                                    (double) teacherParameters / result.parameters())
                            : "";
            page.append("<tr><td>")
                    .append(escape(result.role().label() + " " + result.name()))
                    .append("</td><td>")
                    .append(escape(Objects.toString(result.model(), "") + setting(result)))
                    .append("</td><td>")
                    .append(
                            result.parameters() != null
                                    ? String.format(Locale.ROOT, "%,d", result.parameters())
                                    : "")
                    .append("</td><td>")
                    .append(percent(result.accuracy()))
                    .append("</td><td>")
                    .append(percent(scratchAccuracy))
                    .append("</td><td>")
                    .append(gain != null ? String.format(Locale.ROOT, "%+.2f pts", gain) : "")
                    .append("</td><td>")
                    .append(compression)
                    .append("</td></tr>\n");
        }
        page.append("</table>\n");
        page.append(
                "<p>Accuracy is top-1 on the held-out test set (the validation split when the data has"
                        + " no test set); gain is distilled minus"
                        + " scratch accuracy at the same architecture, budget and seed;"
                        + " compression is the largest teacher member's parameters over the"
                        + " student's.</p>\n");
        for (Map.Entry<String, String> image : images.entrySet()) {
            page.append("<figure><img src=\"")
                    .append(escape(image.getValue()))
                    .append("\" alt=\"")
                    .append(escape(image.getKey()))
                    .append("\"><figcaption>")
                    .append(escape(image.getKey()))
                    .append("</figcaption></figure>\n");
        }
        page.append("</body>\n</html>\n");
        return page.toString();
    }

    /** {@code (T=4, alpha=0.7)} for a distilled student, empty otherwise. */
    private static String setting(ModelResult result) {
        if (result.temperature() == null || result.alpha() == null) {
            return "";
        }
        return String.format(
                Locale.ROOT,
                " (T=%s, alpha=%s)",
                plain(result.temperature()),
                plain(result.alpha()));
    }

    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String percent(Double accuracy) {
        return accuracy != null ? String.format(Locale.ROOT, "%.2f %%", accuracy * 100) : "";
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
