package dev.distillery.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.api.status.StepPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecheckTest {

    private static final Instant NOW = Instant.parse("2026-01-01T01:00:00Z");
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private static StepObservation running(String job) {
        return new StepObservation(
                job, StepPhase.RUNNING, "2026-01-01T00:00:00Z", null, null, null, false);
    }

    private static StepObservation stuck(String job, String since) {
        return new StepObservation(
                job,
                StepPhase.RUNNING,
                "2026-01-01T00:00:00Z",
                null,
                null,
                null,
                false,
                new StepObservation.NotStarting(job + "-x", "ImagePullBackOff", "no", since),
                false);
    }

    @Test
    void aStatusPatchAloneBringsNoRecheck() {
        assertThat(Recheck.after(false, false, List.of(running("a")), NOW, TIMEOUT)).isEmpty();
    }

    @Test
    void aSuspendFlipOrAPatchThatMayHideADeletionIsCheckedAgain() {
        assertThat(Recheck.after(true, false, List.of(), NOW, TIMEOUT))
                .contains(Recheck.AFTER_WRITE);
        assertThat(Recheck.after(false, true, List.of(), NOW, TIMEOUT))
                .contains(Recheck.AFTER_WRITE);
    }

    @Test
    void aCompletedJobAwaitingItsReportIsCheckedSoon() {
        StepObservation awaiting =
                new StepObservation(
                        "a",
                        StepPhase.RUNNING,
                        "2026-01-01T00:00:00Z",
                        "2026-01-01T00:59:59Z",
                        null,
                        null,
                        false);

        assertThat(Recheck.after(false, false, List.of(awaiting), NOW, TIMEOUT))
                .contains(Recheck.SOON);
    }

    @Test
    void aPodThatCannotStartIsCheckedWhenTheFirstStartTimeoutRunsOut() {
        List<StepObservation> observed =
                List.of(
                        stuck("a", "2026-01-01T00:58:00Z"),
                        stuck("b", "2026-01-01T00:57:30Z"),
                        running("c"));

        assertThat(Recheck.after(false, false, observed, NOW, TIMEOUT))
                .contains(Duration.ofSeconds(150));
        assertThat(
                        Recheck.after(
                                false,
                                false,
                                List.of(stuck("late", "2026-01-01T00:50:00Z")),
                                NOW,
                                TIMEOUT))
                .as("a deadline already passed is checked soon, not at once")
                .contains(Recheck.SOON);
    }
}
