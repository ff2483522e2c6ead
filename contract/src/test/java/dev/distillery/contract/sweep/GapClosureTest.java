package dev.distillery.contract.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GapClosureTest {

    @Test
    void isTheShareOfTheTeachersLeadThatDistillationClosed() {
        assertThat(GapClosure.of(0.90, 0.88, 0.92)).isEqualTo(0.5, within(1e-9));
        assertThat(GapClosure.of(0.87, 0.88, 0.92)).isEqualTo(-0.25, within(1e-9));
        assertThat(GapClosure.of(0.90, 0.88, 0.88)).isNull();
        assertThat(GapClosure.of(0.90, null, 0.95)).isNull();
    }

    @Test
    void theTeacherIsTheEnsembleOnceItWasMeasuredNotTheMembersMean() {
        // Issue 11: the report measured against the members' mean (83.98 %), the status and the
        // table against the ensemble (85.66 %), so the same run printed -19 % and -8 %.
        List<Double> members = List.of(0.8436, 0.8360);

        assertThat(GapClosure.teacherAccuracy(members, 0.8566)).isEqualTo(0.8566);
        assertThat(GapClosure.teacherAccuracy(members, null)).isEqualTo(0.8398, within(1e-9));
        assertThat(GapClosure.teacherAccuracy(List.of(0.91), null)).isEqualTo(0.91);
        assertThat(GapClosure.teacherAccuracy(Arrays.asList(0.9, null), null)).isEqualTo(0.9);
        assertThat(GapClosure.teacherAccuracy(List.of(), null)).isNull();
    }
}
