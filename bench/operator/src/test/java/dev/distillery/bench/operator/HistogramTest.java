package dev.distillery.bench.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HistogramTest {

    private static final String BEFORE =
            """
            apiserver_request_duration_seconds_bucket{component="apiserver",dry_run="",group="batch",resource="jobs",scope="resource",subresource="",verb="POST",version="v1",le="0.05"} 5
            apiserver_request_duration_seconds_bucket{component="apiserver",dry_run="",group="batch",resource="jobs",scope="resource",subresource="",verb="POST",version="v1",le="0.4"} 5
            apiserver_request_duration_seconds_bucket{component="apiserver",dry_run="",group="batch",resource="jobs",scope="resource",subresource="",verb="POST",version="v1",le="+Inf"} 5
            """;

    private static final String AFTER =
            """
            # HELP apiserver_request_duration_seconds Response latency distribution
            apiserver_request_duration_seconds_bucket{component="apiserver",dry_run="",group="batch",resource="jobs",scope="resource",subresource="",verb="POST",version="v1",le="0.05"} 55
            apiserver_request_duration_seconds_bucket{component="apiserver",dry_run="",group="batch",resource="jobs",scope="resource",subresource="",verb="POST",version="v1",le="0.4"} 104
            apiserver_request_duration_seconds_bucket{component="apiserver",dry_run="",group="batch",resource="jobs",scope="resource",subresource="",verb="POST",version="v1",le="+Inf"} 105
            apiserver_request_duration_seconds_bucket{component="apiserver",dry_run="",group="batch",resource="jobs",scope="resource",subresource="status",verb="PUT",version="v1",le="0.05"} 1000
            apiserver_request_duration_seconds_bucket{component="apiserver",dry_run="",group="batch",resource="jobs",scope="resource",subresource="status",verb="PUT",version="v1",le="+Inf"} 1000
            apiserver_request_duration_seconds_count{component="apiserver",dry_run="",group="batch",resource="jobs",scope="resource",subresource="",verb="POST",version="v1"} 105
            """;

    @Test
    void aRoundsObservationsAreTheDifferenceOfTwoScrapesOfTheMatchingSeries() {
        Histogram round =
                ApiServerLatency.jobCreates(AFTER).since(ApiServerLatency.jobCreates(BEFORE));

        // 100 creates in the round: 50 within 50 ms, 99 within 400 ms, one beyond.
        assertThat(round.quantileMillis(0.5)).isEqualTo(50.0);
        assertThat(round.quantileMillis(0.99)).isEqualTo(400.0);
        assertThat(round.quantileMillis(1.0)).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void seriesAreSummedOverTheLabelsNotAsked() {
        String text =
                """
                distillery_reconciliation_wait_seconds_bucket{distillation="new",le="0.001"} 3
                distillery_reconciliation_wait_seconds_bucket{distillation="new",le="+Inf",} 4
                distillery_reconciliation_wait_seconds_bucket{distillation="under-way",le="0.001"} 0
                distillery_reconciliation_wait_seconds_bucket{distillation="under-way",le="+Inf"} 6
                """;

        Histogram all = Histogram.parse(text, "distillery_reconciliation_wait_seconds", Map.of());
        Histogram fresh =
                Histogram.parse(
                        text,
                        "distillery_reconciliation_wait_seconds",
                        Map.of("distillation", "new"));

        assertThat(all.buckets())
                .containsEntry(0.001, 3.0)
                .containsEntry(Double.POSITIVE_INFINITY, 10.0);
        assertThat(fresh.quantileMillis(0.5)).isEqualTo(1.0);
        assertThat(Histogram.parse("", "none", Map.of()).quantileMillis(0.99)).isNaN();
    }
}
