package dev.distillery.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Resource requests per stage of a Distillation; an absent stage leaves the step pods without
 * requests.
 *
 * @param teacher each teacher member's training pod
 * @param softLabels each soft-label shard's pod
 * @param students each student and baseline training pod
 * @param report the report pod
 * @param online the pod of an online group (teacher and students trained together)
 * @param packed the pod of each pack of students (or of their scratch twins); {@code students} when
 *     absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StageResources(
        @JsonPropertyDescription("Each teacher member's training pod.") ComputeResources teacher,
        @JsonPropertyDescription("Each soft-label shard's pod.") ComputeResources softLabels,
        @JsonPropertyDescription("Each student and baseline training pod.")
                ComputeResources students,
        @JsonPropertyDescription("The report pod.") ComputeResources report,
        @JsonPropertyDescription(
                        "The one pod of mode online, which trains the teacher and every student"
                                + " together: give it the resources of the whole group.")
                ComputeResources online,
        @JsonPropertyDescription(
                        "The pod of each pack of students (students[].group) or of their scratch"
                                + " twins, which trains the whole pack: give it the resources of"
                                + " the pack. The students' resources when absent.")
                ComputeResources packed) {

    private static final ComputeResources NONE = new ComputeResources(null, null, null);

    /** The resources of a pack's pod: {@code packed}, else the students'. */
    public ComputeResources ofPack() {
        return packed != null ? packed : of(Stage.STUDENT);
    }

    /** The resources of {@code stage}, empty ones when not given. */
    public ComputeResources of(Stage stage) {
        ComputeResources given =
                switch (StageName.of(stage)) {
                    case TEACHER -> teacher;
                    case SOFT_LABELS -> softLabels;
                    case STUDENTS -> students;
                    case REPORT -> report;
                    case ONLINE -> online;
                };
        return given != null ? given : NONE;
    }
}
