package dev.distillery.operator;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DependenciesTest {

    @Test
    void theOperatorKnowsNothingOfDjlOrTheSteps() {
        assertThatThrownBy(() -> Class.forName("ai.djl.Model"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("dev.distillery.steps.cli.DistilleryStep"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
