package dev.distillery.steps.report;

import dev.distillery.steps.report.ModelResult.Role;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Accuracy against parameter count (log scale) for the teacher members, their ensemble (at the sum
 * of their parameters), the scratch twins and the distilled students, the variants of each
 * student's chosen setting marked: the picture of what distillation bought at each size.
 */
final class ParetoChart {

    private ParetoChart() {}

    /** The label of the series of distilled variants whose setting a sweep chose. */
    static final String SELECTED = "distilled (selected)";

    /**
     * The chart of every result that has both a size and an accuracy; the variants of the settings
     * chosen in {@code grids} form their own series, drawn on top.
     */
    static XYChart of(List<ModelResult> results, List<StudentGrid> grids) {
        XYChart chart =
                new XYChartBuilder()
                        .width(800)
                        .height(500)
                        .title("Accuracy against size")
                        .xAxisTitle("trainable parameters (log scale)")
                        .yAxisTitle("test accuracy (%)")
                        .build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setXAxisDecimalPattern("#,###");
        chart.getStyler().setMarkerSize(11);
        chart.getStyler().setLegendPosition(LegendPosition.InsideSE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        for (Role role : Role.values()) {
            series(chart, role.label(), results, r -> r.role() == role && !selected(r, grids));
        }
        chart.getSeriesMap().values().stream()
                .filter(s -> s.getName().equals(Role.ENSEMBLE.label()))
                .forEach(
                        s -> {
                            s.setMarker(SeriesMarkers.TRIANGLE_UP);
                            s.setMarkerColor(new Color(120, 60, 160));
                        });
        series(chart, SELECTED, results, r -> selected(r, grids))
                .ifPresent(
                        s -> {
                            s.setMarker(SeriesMarkers.DIAMOND);
                            s.setMarkerColor(new Color(0, 140, 60));
                        });
        DecadeRange range =
                DecadeRange.ofSeries(
                        chart.getSeriesMap().values().stream().map(XYSeries::getXData).toList());
        if (range != null) {
            chart.getStyler().setXAxisMin(range.min());
            chart.getStyler().setXAxisMax(range.max());
        }
        return chart;
    }

    private static boolean selected(ModelResult result, List<StudentGrid> grids) {
        return result.role() == Role.STUDENT
                && grids.stream().anyMatch(g -> g.isSelected(result.name()));
    }

    private static Optional<XYSeries> series(
            XYChart chart, String label, List<ModelResult> results, Predicate<ModelResult> which) {
        List<Double> parameters = new ArrayList<>();
        List<Double> accuracies = new ArrayList<>();
        for (ModelResult result : results) {
            if (which.test(result)
                    && result.parameters() != null
                    && result.parameters() > 0
                    && result.accuracy() != null) {
                parameters.add(result.parameters().doubleValue());
                accuracies.add(result.accuracy() * 100);
            }
        }
        if (parameters.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(chart.addSeries(label, parameters, accuracies));
    }
}
