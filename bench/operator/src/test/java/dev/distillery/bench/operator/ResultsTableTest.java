package dev.distillery.bench.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsTableTest {

    /** A finished round of 100 Distillations. */
    private static final RoundResult HUNDRED =
            new RoundResult(
                    100,
                    100,
                    700,
                    new LatencySummary(100, 105.4, 880.0, 912.6),
                    new FirstJobParts(
                            new LatencySummary(100, 40.2, 300.0, 310.0),
                            new LatencySummary(100, 60.0, 590.4, 600.0),
                            1.0,
                            200.0,
                            25.0,
                            Double.POSITIVE_INFINITY),
                    1.25,
                    61.0,
                    4400,
                    4500,
                    30566,
                    new ReconcileSummary(1250, 3.42, 10.0, 2.5, 1.0, 200.0),
                    6.5);

    /** A round of 1,000 cut by its timeout with 612 Succeeded. */
    private static final RoundResult CUT =
            new RoundResult(
                    1000,
                    612,
                    6100,
                    new LatencySummary(1000, 2000, 9000, 9500),
                    null,
                    30.0,
                    1800.4,
                    -1,
                    -1,
                    204800,
                    null,
                    18.0);

    @Test
    void oneRowPerRoundWithPerDistillationRequestsAndHeapInMib() {
        String table = ResultsTable.markdown(List.of(HUNDRED));

        List<String> lines = table.lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("| Distillations | Jobs |");
        assertThat(lines.get(2))
                .isEqualTo(
                        "| 100 | 700 | 105 / 880 / 913 | 1.3 | 61.0 | 44.0 / 45.0 | 12.5 | 3.4 / <= 10 / <= 2.5 | 29.8 | 6.50 |");
    }

    @Test
    void theFirstJobsTimeIsSplitAtTheCreateCallsAnswerForFinishedRoundsOnly() {
        List<String> lines = ResultsTable.firstJobParts(List.of(HUNDRED, CUT)).lines().toList();

        assertThat(lines).hasSize(3);
        assertThat(lines.get(2))
                .isEqualTo(
                        "| 100 | 105 / 880 | 40 / 300 | 60 / 590 | <= 1 / <= 200 | <= 25 / > max bucket |");
    }

    @Test
    void aRoundCutByItsTimeoutShowsHowFarItGotAndNoRequestCount() {
        assertThat(ResultsTable.row(CUT))
                .contains("| 612 of 1000 after 1800 (timeout) |")
                .contains("| n/a (run not over) | n/a | n/a |")
                .contains("| 200.0 |");
    }
}
