package dev.distillery.steps.report;

import dev.distillery.steps.report.ModelResult.EpochPoint;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;

/** Per-epoch training loss and validation accuracy of every network, one line each. */
final class TrainingCurves {

    private TrainingCurves() {}

    /** Mean training loss per epoch. */
    static XYChart loss(List<ModelResult> results) {
        XYChart chart =
                chart(
                        results,
                        "Training loss",
                        "mean training loss (log scale)",
                        EpochPoint::loss,
                        1);
        // Distillation losses carry a T^2 factor: a log axis keeps every curve readable.
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisDecimalPattern("#,##0.####");
        DecadeRange range =
                DecadeRange.ofSeries(
                        chart.getSeriesMap().values().stream().map(XYSeries::getYData).toList());
        if (range != null) {
            chart.getStyler().setYAxisMin(range.min());
            chart.getStyler().setYAxisMax(range.max());
        }
        return chart;
    }

    /** Held-out accuracy after each epoch, in percent. */
    static XYChart accuracy(List<ModelResult> results) {
        return chart(
                results,
                "Validation accuracy",
                "validation accuracy (%)",
                EpochPoint::validationAccuracy,
                100);
    }

    private static XYChart chart(
            List<ModelResult> results,
            String title,
            String axis,
            ToDoubleFunction<EpochPoint> value,
            double scale) {
        XYChart chart =
                new XYChartBuilder()
                        .width(800)
                        .height(450)
                        .title(title)
                        .xAxisTitle("epoch")
                        .yAxisTitle(axis)
                        .build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
        chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setMarkerSize(6);
        for (ModelResult result : results) {
            List<Double> epochs = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (EpochPoint point : result.history()) {
                double v = value.applyAsDouble(point);
                if (Double.isFinite(v) && v > 0) {
                    epochs.add((double) point.epoch());
                    values.add(v * scale);
                }
            }
            if (!epochs.isEmpty()) {
                chart.addSeries(result.role().label() + " " + result.name(), epochs, values);
            }
        }
        return chart;
    }
}
