package dev.distillery.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Packed students: what a pack cannot share is refused with the field that says so. */
class PackedValidationTest {

    static final String PACKED =
            ValidationTest.spec(
                    """
                    dataset: {name: fashion-mnist, limit: 2000}
                    teacher: {model: 'cnn:8,16'}
                    students:
                      - {name: small, model: 'mlp:32', group: mlps, training: {epochs: 4}}
                      - {name: tiny, model: 'mlp:8', group: mlps, training: {epochs: 4}}
                    """);

    @Test
    void studentsOfOneGroupThatShareTheirBatchesAreValid() {
        assertThat(ValidationTest.errors(PACKED)).isEmpty();
    }

    @Test
    void aStudentThatWouldNeedOtherBatchesIsRefusedNamingTheGroupsFirstStudent() {
        String yaml =
                PACKED.replace(
                                "group: mlps, training: {epochs: 4}}\n",
                                "group: mlps, training: {epochs: 4}}\n")
                        .replace(
                                "model: 'mlp:8', group: mlps, training: {epochs: 4}",
                                "model: 'mlp:8', group: mlps, training: {epochs: 5, batchSize:"
                                        + " 64, seed: 7}");

        assertThat(ValidationTest.errors(yaml))
                .extracting(FieldError::toString)
                .containsExactly(
                        "spec.students[1].training.epochs: 5 differs from 4 of spec.students[0]"
                                + " (small) in group mlps: the students of a group share their"
                                + " batches (training.epochs, batchSize, seed and augment)",
                        "spec.students[1].training.batchSize: 64 differs from 128 of"
                                + " spec.students[0] (small) in group mlps: the students of a group"
                                + " share their batches (training.epochs, batchSize, seed and"
                                + " augment)",
                        "spec.students[1].training.seed: 7 differs from 1 of"
                                + " spec.students[0] (small) in group mlps: the students of a group"
                                + " share their batches (training.epochs, batchSize, seed and"
                                + " augment)");
    }

    @Test
    void consistentStudentsArePackedWithTheirOwnHintWeights() {
        String yaml =
                ValidationTest.spec(
                        """
                        dataset: {name: fashion-mnist, limit: 2000}
                        teacher: {model: 'cnn:8,16'}
                        softLabels: {mode: consistent}
                        students:
                          - {name: small, model: 'cnn:4,8', group: cnns, hintWeight: 0.5}
                          - {name: tiny, model: 'mlp:8', group: cnns}
                        """);

        assertThat(ValidationTest.errors(yaml)).isEmpty();
    }

    @Test
    void modeOnlineRefusesGroups() {
        String yaml =
                PACKED.replace("spec:\n", "spec:\n  mode: online\n")
                        .replace(", training: {epochs: 4}", "");

        assertThat(ValidationTest.errors(yaml))
                .filteredOn(e -> e.path().endsWith(".group"))
                .extracting(FieldError::reason)
                .containsOnly(
                        "mode online already trains every student in its one group: remove group");
    }

    @Test
    void aGroupNameMustBeADnsLabel() {
        assertThat(ValidationTest.errors(PACKED.replaceFirst("group: mlps,", "group: MLPs,")))
                .extracting(FieldError::path)
                .contains("spec.students[0].group");
    }
}
