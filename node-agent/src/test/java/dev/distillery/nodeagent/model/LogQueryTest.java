package dev.distillery.nodeagent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LogQueryTest {

    @Test
    void servesWhatTheApiServerForwards() {
        LogQuery query =
                LogQuery.parse(
                        Map.of(
                                "follow", "true",
                                "previous", "true",
                                "tailLines", "3",
                                "limitBytes", "100"));
        assertThat(query)
                .isEqualTo(new LogQuery(true, true, OptionalLong.of(3), OptionalLong.of(100)));
    }

    @Test
    void noParametersIsTheWholeCurrentLog() {
        assertThat(LogQuery.parse(Map.of()))
                .isEqualTo(new LogQuery(false, false, OptionalLong.empty(), OptionalLong.empty()));
        assertThat(LogQuery.parse(Map.of("stream", "All", "timestamps", "false")).follow())
                .isFalse();
    }

    @Test
    void zeroTailLinesIsAllowed() {
        assertThat(LogQuery.parse(Map.of("tailLines", "0")).tailLines()).hasValue(0);
    }

    @Test
    void refusesWhatNeedsATimePerLine() {
        assertThatThrownBy(() -> LogQuery.parse(Map.of("timestamps", "true")))
                .isInstanceOf(LogRefusal.class)
                .hasMessageContaining("timestamps are not supported");
        assertThatThrownBy(() -> LogQuery.parse(Map.of("sinceSeconds", "10")))
                .hasMessageStartingWith("sinceSeconds is not supported");
        assertThatThrownBy(() -> LogQuery.parse(Map.of("sinceTime", "2026-01-01T00:00:00Z")))
                .hasMessageStartingWith("sinceTime is not supported");
    }

    @Test
    void refusesOneStreamOfTwo() {
        assertThatThrownBy(() -> LogQuery.parse(Map.of("stream", "Stderr")))
                .hasMessageContaining("stream=Stderr is not supported");
    }

    @Test
    void refusesMalformedNumbersAndFlagsAsBadRequests() {
        assertThatThrownBy(() -> LogQuery.parse(Map.of("tailLines", "-1")))
                .isInstanceOfSatisfying(
                        LogRefusal.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> LogQuery.parse(Map.of("limitBytes", "0")))
                .hasMessageContaining("limitBytes=0");
        assertThatThrownBy(() -> LogQuery.parse(Map.of("follow", "maybe")))
                .hasMessageContaining("follow=maybe is not a boolean");
    }
}
