package dev.distillery.bench.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FirstJobClockTest {

    @Test
    void splitsEachDistillationsTimeAtTheCreateCallsAnswer() throws InterruptedException {
        FirstJobClock clock = new FirstJobClock();
        clock.applied("a");
        clock.applied("b");
        Thread.sleep(5);
        clock.created("a");
        clock.created("b");
        Thread.sleep(5);
        clock.jobSeen("a");

        assertThat(clock.createCallsMillis()).hasSize(2).allMatch(ms -> ms >= 5);
        assertThat(clock.afterCreateMillis()).hasSize(1).allMatch(ms -> ms >= 5);
        assertThat(clock.latenciesMillis()).hasSize(1).allMatch(ms -> ms >= 10);
    }

    @Test
    void theTimelineHasOneLineOfWallClockTimesPerDistillationInOrderOfApply() {
        FirstJobClock clock = new FirstJobClock();
        long before = System.currentTimeMillis();
        clock.applied("first");
        clock.applied("second");
        clock.created("first");
        clock.jobSeen("first");

        List<String> lines = clock.timeline().lines().toList();

        assertThat(lines)
                .hasSize(3)
                .first()
                .isEqualTo("distillation,applied_ms,answered_ms,first_job_ms");
        String[] first = lines.get(1).split(",", -1);
        assertThat(first[0]).isEqualTo("first");
        assertThat(Long.parseLong(first[1])).isBetween(before - 1, System.currentTimeMillis() + 1);
        assertThat(Long.parseLong(first[3])).isGreaterThanOrEqualTo(Long.parseLong(first[1]));
        // Not answered and no Job yet: empty fields.
        assertThat(lines.get(2)).startsWith("second,").endsWith(",,");
    }
}
