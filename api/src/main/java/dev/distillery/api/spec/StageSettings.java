package dev.distillery.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/**
 * How the steps of one stage run, beside {@code spec.pod}: how long each step may take and the pod
 * settings laid over the spec's.
 *
 * @param name the stage
 * @param activeDeadlineSeconds how long each step's Job may be active
 * @param pod pod settings that override {@code spec.pod} for this stage's steps
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StageSettings(
        @Required
                @JsonPropertyDescription(
                        "The stage: teacher, softLabels, students (baselines too), report or"
                                + " online. Each at most once.")
                StageName name,
        @Min(1)
                @JsonPropertyDescription(
                        "Seconds each step's Job of this stage may be active, retries"
                                + " included (the Job's activeDeadlineSeconds; time suspended"
                                + " does not count). The step fails with DeadlineExceeded"
                                + " after it. No limit when absent.")
                Long activeDeadlineSeconds,
        @JsonPropertyDescription(
                        "Pod settings of this stage's steps, laid over spec.pod: a single value"
                                + " or a placement field (nodeSelector, tolerations, affinity)"
                                + " given here replaces the spec's, an empty one clears it;"
                                + " imagePullSecrets, env and volumes merge by name,"
                                + " volumeMounts by mountPath, this stage's entry winning.")
                PodSettings pod) {}
