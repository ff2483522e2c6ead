package dev.distillery.api.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.api.spec.TrainingSpec;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every setting that reaches a step's arguments reaches its content key, and keys stay stable. */
class StepInputsTest {

    private static final String RICH =
            PlannerTest.SPEC
                    .replace(
                            "softLabels: {precision: fp16}",
                            "softLabels: {precision: fp16, views: 2, ensembleCombine: logits,"
                                    + " calibrate: true}")
                    .replace(
                            "alpha: 0.7, training: {epochs: 3}}",
                            "alpha: 0.7, training: {epochs: 30, weightDecay: 0.01,"
                                    + " augment: true, lrSchedule: cosine, warmupEpochs: 2,"
                                    + " earlyStopping: 5, labelSmoothing: 0.1}}")
                    .replace(
                            "model: 'cnn:4,8', training: {epochs: 3}}",
                            "model: 'cnn:4,8', training: {epochs: 3, augment: true}}");

    private static final String CONSISTENT =
            PlannerTest.SPEC
                    .replace(
                            "softLabels: {precision: fp16}",
                            "softLabels: {mode: consistent, ensembleCombine: logits}")
                    .replace("model: 'cnn:4,8',", "model: 'cnn:4,8', hintWeight: 0.5,");

    /** The keys of artifacts already stored: a change here orphans them (bump the key format). */
    @Test
    void keysOfStoredArtifactsStayTheSame() {
        assertThat(keys(PlannerTest.plan(RICH)))
                .isEqualTo(
                        Map.of(
                                "teacher-0", "0ab3d4adc5bc3ab0",
                                "teacher-1", "3d0a7c71e8dc2c65",
                                "soft-labels", "80298436b78b1aca",
                                "baseline-mlp", "0df27fa07d34486d",
                                "baseline-cnn", "6f0a144adf3226e2",
                                "student-mlp", "6155788b59e32e35",
                                "student-cnn", "78dd9070ecc6070b",
                                "report", "be26a6d8c430f18c"));
        assertThat(keys(PlannerTest.plan(CONSISTENT)))
                .isEqualTo(
                        Map.of(
                                "teacher-0", "0ab3d4adc5bc3ab0",
                                "teacher-1", "3d0a7c71e8dc2c65",
                                "baseline-mlp", "3e76c344cf1460c0",
                                "baseline-cnn", "6da72914fa364f85",
                                "student-mlp", "2f63eb39d1bf6a38",
                                "student-cnn", "446a8f576eed42d4",
                                "report", "feb9fcf3c510948d"));
        assertThat(keys(PlannerTest.plan(OnlinePlanTest.SPEC)))
                .isEqualTo(
                        Map.of(
                                "baseline-small", "f03b2719777cd112",
                                "baseline-tiny", "704ff559cdbfa06a",
                                "online", "f09799d3e2bd584d",
                                "report", "ef4f084268b40e7a"));
        assertThat(keys(PlannerTest.plan(PackedPlanTest.SPEC)))
                .containsEntry("pack-mlps-s1", "8b0717f414d99bc1")
                .containsEntry("baseline-pack-mlps-s1", "3d236290817b0e97")
                .containsEntry("report", "19fe9b43f152320d");
    }

    /**
     * Each training recipe field, changed alone: if a step's arguments change, its key changes. A
     * field added to the arguments and not to the key fails here, whatever its name.
     */
    @Test
    void everyRecipeFieldThatReachesTheArgumentsReachesTheKey() throws Exception {
        Plan base = PlannerTest.plan(CONSISTENT);
        List<String> checked = new ArrayList<>();
        for (RecordComponent field : TrainingSpec.class.getRecordComponents()) {
            Object value = field.getAccessor().invoke(TrainingSpec.DEFAULTS);
            String other = otherValue(field.getName(), value);
            Plan changed =
                    PlannerTest.plan(
                            CONSISTENT.replace(
                                    "alpha: 0.7, training: {epochs: 3}}",
                                    "alpha: 0.7, training: {epochs: 3, "
                                            + field.getName()
                                            + ": "
                                            + other
                                            + "}}"));
            PlannedStep before = base.step("student-mlp").orElseThrow();
            PlannedStep after = changed.step("student-mlp").orElseThrow();
            assertThat(after.args())
                    .as(field.getName() + " reaches the arguments")
                    .isNotEqualTo(withOutput(before.args(), after.output(), before.output()));
            assertThat(after.key())
                    .as(field.getName() + " reaches the key")
                    .isNotEqualTo(before.key());
            checked.add(field.getName());
        }
        assertThat(checked).hasSize(TrainingSpec.class.getRecordComponents().length);
    }

    /** A valid value other than the default, by type, so a new field needs no change here. */
    private static String otherValue(String field, Object value) throws JsonProcessingException {
        if (field.equals("epochs")) {
            return "4"; // the student trains 3 epochs in the base spec
        }
        if (value instanceof Integer number) {
            return String.valueOf(number + 1);
        }
        if (value instanceof Long number) {
            return String.valueOf(number + 1);
        }
        if (value instanceof Double number) {
            return number == 0 ? "0.1" : String.valueOf(number * 2);
        }
        if (value instanceof Boolean on) {
            return String.valueOf(!on);
        }
        if (value instanceof Enum<?> constant) {
            Object[] all = constant.getDeclaringClass().getEnumConstants();
            Enum<?> next = (Enum<?>) all[(constant.ordinal() + 1) % all.length];
            return new ObjectMapper().writeValueAsString(next).replace("\"", "");
        }
        throw new AssertionError(
                "teach this test a valid value other than " + value + " for " + field);
    }

    private static List<String> withOutput(List<String> args, String output, String old) {
        return args.stream().map(a -> a.equals(old) ? output : a).toList();
    }

    private static Map<String, String> keys(Plan plan) {
        Map<String, String> keys = new LinkedHashMap<>();
        plan.steps().forEach(step -> keys.put(step.name(), step.key()));
        return keys;
    }
}
