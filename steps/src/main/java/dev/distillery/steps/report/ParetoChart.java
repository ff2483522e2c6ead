package dev.distillery.steps.report;

import dev.distillery.steps.report.ModelResult.Role;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * Accuracy against parameter count (log scale) for the teacher members, the scratch twins and the
 * distilled students: the picture of what distillation bought at each size.
 */
final class ParetoChart {

    private ParetoChart() {}

    /** The chart of every result that has both a size and an accuracy. */
    static XYChart of(List<ModelResult> results) {
        XYChart chart =
                new XYChartBuilder()
                        .width(800)
                        .height(500)
                        .title("Accuracy against size")
                        .xAxisTitle("trainable parameters (log scale)")
                        .yAxisTitle("held-out accuracy (%)")
                        .build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setMarkerSize(11);
        chart.getStyler().setLegendPosition(LegendPosition.InsideSE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        for (Role role : Role.values()) {
            List<Double> parameters = new ArrayList<>();
            List<Double> accuracies = new ArrayList<>();
            for (ModelResult result : results) {
                if (result.role() == role
                        && result.parameters() != null
                        && result.parameters() > 0
                        && result.accuracy() != null) {
                    parameters.add(result.parameters().doubleValue());
                    accuracies.add(result.accuracy() * 100);
                }
            }
            if (!parameters.isEmpty()) {
                chart.addSeries(role.label(), parameters, accuracies);
            }
        }
        return chart;
    }
}
