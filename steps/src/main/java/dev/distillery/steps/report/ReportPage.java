package dev.distillery.steps.report;

import dev.distillery.contract.sweep.GapClosure;
import dev.distillery.contract.sweep.SeedSpread;
import dev.distillery.contract.sweep.Spread;
import dev.distillery.contract.sweep.SweepCell;
import dev.distillery.steps.report.ModelResult.Role;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code report.html} of a distillation: the results table (teacher members, their ensemble,
 * and per student the setting chosen on validation accuracy with its test accuracy and its scratch
 * twins', gain, gap closure, compression), what ships in float32 and int8, each student's whole
 * temperature x alpha grid of validation accuracy, and the charts, as one self-contained page.
 */
final class ReportPage {

    private ReportPage() {}

    /**
     * The page for {@code results}, gap closures measured against {@code teacherAccuracy} (see
     * {@link GapClosure#teacherAccuracy}); {@code scratchOf} names the scratch twin of each student
     * variant, {@code grids} the students' sweep grids, {@code deployments} the shipped students'
     * float32 and int8 exports (none when the report was not given the data), {@code images} the
     * chart files (by caption) the page shows.
     */
    static String html(
            String title,
            List<ModelResult> results,
            Double teacherAccuracy,
            Map<String, ModelResult> scratchOf,
            List<StudentGrid> grids,
            List<StudentDeployment> deployments,
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
                .append("body{font-family:sans-serif;margin:2em;max-width:64em}\n")
                .append("table{border-collapse:collapse;margin-bottom:1em}\n")
                .append("th,td{border:1px solid #bbb;padding:.3em .7em;text-align:right}\n")
                .append("td:first-child,td:nth-child(2),th{text-align:left}\n")
                .append("td.selected{background:#e3f2e1;font-weight:bold}\n")
                .append("</style>\n</head>\n<body>\n<h1>")
                .append(escape(title))
                .append("</h1>\n<table>\n<tr><th>network</th><th>model</th><th>parameters</th>")
                .append(
                        "<th>accuracy</th><th>scratch accuracy</th><th>gain</th><th>gain &gt; spread</th>")
                .append("<th>gap closed</th><th>compression</th></tr>\n");
        for (ModelResult result : results) {
            if (result.role() == Role.TEACHER) {
                row(page, result.role().label() + " " + result.name(), result.model(), result);
                page.append(cells(result.accuracy(), null, null, null, null, null, null, ""));
            }
        }
        for (ModelResult result : results) {
            if (result.role() == Role.ENSEMBLE) {
                row(
                        page,
                        result.role().label() + " (" + result.name() + ")",
                        result.model(),
                        result);
                page.append(cells(result.accuracy(), null, null, null, null, null, null, ""));
            }
        }
        for (StudentGrid grid : grids) {
            if (grid.selected().isPresent()) {
                selectedRow(page, grid, grid.selected().get(), teacherAccuracy, teacherParameters);
            }
        }
        for (ModelResult result : results) {
            if (result.role() == Role.STUDENT && !StudentGrid.inChosenGrid(result.name(), grids)) {
                ModelResult scratch = scratchOf.get(result.name());
                row(page, result.role().label() + " " + result.name(), result.model(), result);
                page.append(
                        cells(
                                result.accuracy(),
                                null,
                                scratch != null ? scratch.accuracy() : null,
                                null,
                                null,
                                null,
                                null,
                                compression(teacherParameters, result.parameters())));
            }
        }
        page.append("</table>\n");
        page.append(
                "<p>Each student's temperature and alpha are chosen on validation accuracy"
                        + " (a split of the training data), averaged over seeds; accuracy is top-1"
                        + " on the held-out test set (the validation split when the data has no"
                        + " test set), mean &plusmn; sample standard deviation over seeds, shown"
                        + " only for the chosen setting and its scratch twins (alpha 0, same"
                        + " architecture, budget and seeds). Gain is distilled minus scratch"
                        + " accuracy; gain &gt; spread says whether it exceeds both standard"
                        + " deviations together; gap closed is gain over the teacher's lead on scratch,"
                        + " teacher = the teacher the students learned from (an ensemble's own"
                        + " accuracy, as its soft-labels step scored it); compression is the"
                        + " largest teacher member's parameters over the student's, and an"
                        + " ensemble's parameters are its members' sum.</p>\n");
        DeploymentTable.append(page, deployments);
        for (StudentGrid grid : grids) {
            SweepGridTable.append(page, grid);
        }
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

    private static void selectedRow(
            StringBuilder page,
            StudentGrid grid,
            SweepCell cell,
            Double teacherAccuracy,
            long teacherParameters) {
        ModelResult variant = grid.firstVariant(cell);
        Optional<Spread> test = cell.test();
        Optional<Spread> scratch = cell.scratch();
        Double mean = test.map(Spread::mean).orElse(null);
        Double scratchMean = scratch.map(Spread::mean).orElse(null);
        String seeds = cell.points().size() > 1 ? ", " + cell.points().size() + " seeds" : "";
        page.append("<tr><td>")
                .append(escape(Role.STUDENT.label() + " " + cell.name()))
                .append("</td><td>")
                .append(escape(Objects.toString(variant.model(), "") + setting(variant, seeds)))
                .append("</td><td>")
                .append(count(cell.parameters()))
                .append("</td>")
                .append(
                        cells(
                                mean,
                                test.map(Spread::std).orElse(null),
                                scratchMean,
                                scratch.map(Spread::std).orElse(null),
                                mean != null && scratchMean != null ? mean - scratchMean : null,
                                SeedSpread.gainExceeds(test, scratch),
                                GapClosure.of(mean, scratchMean, teacherAccuracy),
                                compression(teacherParameters, cell.parameters())));
    }

    private static void row(StringBuilder page, String network, String model, ModelResult result) {
        page.append("<tr><td>")
                .append(escape(network))
                .append("</td><td>")
                .append(escape(Objects.toString(model, "") + setting(result, "")))
                .append("</td><td>")
                .append(count(result.parameters()))
                .append("</td>");
    }

    private static String cells(
            Double accuracy,
            Double std,
            Double scratch,
            Double scratchStd,
            Double gain,
            Boolean gainExceedsSpread,
            Double gapClosure,
            String compression) {
        Double shownGain = gain;
        if (shownGain == null && accuracy != null && scratch != null) {
            shownGain = accuracy - scratch;
        }
        return "<td>"
                + percent(accuracy, std)
                + "</td><td>"
                + percent(scratch, scratchStd)
                + "</td><td>"
                + (shownGain != null
                        ? String.format(Locale.ROOT, "%+.2f pts", shownGain * 100)
                        : "")
                + "</td><td>"
                + (gainExceedsSpread != null ? (gainExceedsSpread ? "yes" : "no") : "")
                + "</td><td>"
                + (gapClosure != null
                        ? String.format(Locale.ROOT, "%.0f %%", gapClosure * 100)
                        : "")
                + "</td><td>"
                + compression
                + "</td></tr>\n";
    }

    private static String compression(long teacherParameters, Long parameters) {
        return parameters != null && parameters > 0 && teacherParameters > 0
                ? String.format(Locale.ROOT, "%.1fx", (double) teacherParameters / parameters)
                : "";
    }

    /** {@code (T=4, alpha=0.7)} for a distilled student, empty otherwise. */
    private static String setting(ModelResult result, String seeds) {
        if (result.role() != Role.STUDENT
                || result.temperature() == null
                || result.alpha() == null) {
            return "";
        }
        return String.format(
                Locale.ROOT,
                " (T=%s, alpha=%s%s)",
                plain(result.temperature()),
                plain(result.alpha()),
                seeds);
    }

    static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String count(Long parameters) {
        return parameters != null ? String.format(Locale.ROOT, "%,d", parameters) : "";
    }

    /** {@code 88.12 %}, or {@code 88.12 ± 0.30 %} with a spread. */
    static String percent(Double accuracy, Double std) {
        if (accuracy == null) {
            return "";
        }
        return std != null
                ? String.format(Locale.ROOT, "%.2f &plusmn; %.2f %%", accuracy * 100, std * 100)
                : String.format(Locale.ROOT, "%.2f %%", accuracy * 100);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
