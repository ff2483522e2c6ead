package dev.distillery.bench.operator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OperatorRequestsTest {

    private static final String METRICS =
            """
            # HELP apiserver_flowcontrol_dispatched_requests_total [BETA] Number of requests executed by API Priority and Fairness subsystem
            # TYPE apiserver_flowcontrol_dispatched_requests_total counter
            apiserver_flowcontrol_dispatched_requests_total{flow_schema="distillery-bench-operator",priority_level="distillery-bench-operator"} 41
            apiserver_flowcontrol_dispatched_requests_total{flow_schema="exempt",priority_level="exempt"} 1234
            apiserver_flowcontrol_dispatched_requests_total{flow_schema="global-default",priority_level="global-default"} 7
            apiserver_flowcontrol_dispatched_requests_total{flow_schema="distillery-bench-operator",priority_level="other"} 1.5e+03
            apiserver_flowcontrol_current_executing_requests{flow_schema="distillery-bench-operator",priority_level="distillery-bench-operator"} 3
            """;

    @Test
    void sumsOnlyTheDispatchedRequestsOfTheFlowSchema() {
        assertThat(OperatorRequests.count(METRICS, "distillery-bench-operator")).isEqualTo(1541);
    }

    @Test
    void aFlowSchemaWithoutRequestsCountsZero() {
        assertThat(OperatorRequests.count(METRICS, "distillery-bench")).isZero();
    }
}
