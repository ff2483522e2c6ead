package dev.distillery.steps.report;

import dev.distillery.contract.sweep.Spread;
import dev.distillery.contract.sweep.SweepCell;
import java.util.Optional;

/**
 * The report's table of one student's sweep: a row per temperature, a column per alpha, each cell
 * its validation accuracy (mean ± std over seeds), the chosen cell marked. Test accuracy is not
 * shown here: only the chosen setting's is reported, in the results table.
 */
final class SweepGridTable {

    private SweepGridTable() {}

    /** Appends the heading and grid of {@code grid} to {@code page}. */
    static void append(StringBuilder page, StudentGrid grid) {
        page.append("<h2>")
                .append(ReportPage.escape(grid.student()))
                .append(": validation accuracy over the sweep</h2>\n<table class=\"sweep\">\n")
                .append("<tr><th>T \\ alpha</th>");
        for (double alpha : grid.alphas()) {
            page.append("<th>").append(ReportPage.plain(alpha)).append("</th>");
        }
        page.append("</tr>\n");
        for (double temperature : grid.temperatures()) {
            page.append("<tr><th>").append(ReportPage.plain(temperature)).append("</th>");
            for (double alpha : grid.alphas()) {
                Optional<SweepCell> cell = grid.cell(temperature, alpha);
                boolean selected =
                        cell.isPresent()
                                && grid.selected().map(s -> s.equals(cell.get())).orElse(false);
                page.append(selected ? "<td class=\"selected\">" : "<td>")
                        .append(cell.map(SweepGridTable::validation).orElse(""))
                        .append(selected ? " (selected)" : "")
                        .append("</td>");
            }
            page.append("</tr>\n");
        }
        page.append("</table>\n");
        if (grid.selected().isEmpty()) {
            page.append(
                    "<p>No setting chosen: a variant of this student has no validation"
                            + " accuracy.</p>\n");
        }
    }

    private static String validation(SweepCell cell) {
        Optional<Spread> spread = cell.validation();
        if (spread.isEmpty()) {
            return "n/a";
        }
        String seeds = spread.get().count() > 1 ? " (" + spread.get().count() + " seeds)" : "";
        return ReportPage.percent(spread.get().mean(), spread.get().std()) + seeds;
    }
}
