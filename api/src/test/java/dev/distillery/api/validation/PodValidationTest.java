package dev.distillery.api.validation;

import static dev.distillery.api.validation.ValidationTest.errors;
import static dev.distillery.api.validation.ValidationTest.spec;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad spec.pod and spec.stages input gets one message naming the field. */
class PodValidationTest {

    private static String run(String body) {
        return spec(
                "dataset: {name: mnist}\nteacher: {model: 'cnn:8'}\n"
                        + "students: [{name: s, model: 'mlp:8'}]\n"
                        + body.replace("\\n", "\n"));
    }

    @Test
    void everyPodSettingAtBothLevelsIsAccepted() {
        String yaml =
                run(
                        """
                        pod:
                          nodeSelector: {pool: gpu}
                          runtimeClassName: nvidia
                          imagePullSecrets: [{name: registry}]
                          env: [{name: NCCL_DEBUG, value: WARN}]
                          volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
                          volumeMounts: [{name: data, mountPath: /data}]
                        stages:
                          - {name: teacher, activeDeadlineSeconds: 3600}
                          - name: report
                            pod:
                              nodeSelector: {}
                              volumes: [{name: extra, emptyDir: {}}]
                              volumeMounts: [{name: extra, mountPath: /extra}, {name: data, mountPath: /data2}]
                        """);

        assertThat(errors(yaml)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            textBlock =
                    """
            mount of no volume          | pod: {volumeMounts: [{name: cache, mountPath: /cache}]} | spec.pod.volumeMounts[0].name | 'cache' names no volume of spec.pod.volumes
            spec mount of a stage volume | pod: {volumeMounts: [{name: cache, mountPath: /cache}]}\\nstages: [{name: report, pod: {volumes: [{name: cache, emptyDir: {}}]}}] | spec.pod.volumeMounts[0].name | 'cache' names no volume of spec.pod.volumes
            stage mount of no volume    | stages: [{name: students, pod: {volumeMounts: [{name: cache, mountPath: /c}]}}] | spec.stages[0].pod.volumeMounts[0].name | 'cache' names no volume of this stage's pod.volumes or spec.pod.volumes
            mount without a name        | pod: {volumes: [{name: a, emptyDir: {}}], volumeMounts: [{mountPath: /a}]} | spec.pod.volumeMounts[0].name | is required: the name of a volume to mount
            relative mount path         | pod: {volumes: [{name: a, emptyDir: {}}], volumeMounts: [{name: a, mountPath: data}]} | spec.pod.volumeMounts[0].mountPath | 'data' must be an absolute path
            mount over scratch          | pod: {volumes: [{name: a, emptyDir: {}}], volumeMounts: [{name: a, mountPath: /scratch/}]} | spec.pod.volumeMounts[0].mountPath | '/scratch/' is where the operator mounts its own volume (reserved: /scratch, /tmp)
            mount path twice            | pod: {volumes: [{name: a, emptyDir: {}}], volumeMounts: [{name: a, mountPath: /a}, {name: a, mountPath: /a}]} | spec.pod.volumeMounts[1].mountPath | '/a' is mounted twice in this list
            reserved volume name        | pod: {volumes: [{name: scratch, emptyDir: {}}]} | spec.pod.volumes[0].name | 'scratch' is the operator's volume (reserved: scratch, tmp): choose another name
            volume name not a label     | pod: {volumes: [{name: My_Data, emptyDir: {}}]} | spec.pod.volumes[0].name | 'My_Data' must be a DNS-1123 label (at most 63 lowercase letters, digits and '-')
            volume twice                | stages: [{name: teacher, pod: {volumes: [{name: a, emptyDir: {}}, {name: a, emptyDir: {}}]}}] | spec.stages[0].pod.volumes[1].name | 'a' is defined twice in this list
            reserved env name           | pod: {env: [{name: AWS_REGION, value: eu-west-1}]} | spec.pod.env[0].name | 'AWS_REGION' is set by the operator for the step (reserved: HOME, TMPDIR, DJL_CACHE_DIR, ENGINE_CACHE_DIR, JOB_COMPLETION_INDEX, AWS_ENDPOINT_URL, AWS_REGION, DISTILLERY_S3_ADDRESSING_STYLE, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY); storage settings come from spec.storage
            reserved env name in stage  | stages: [{name: report, pod: {env: [{name: HOME, value: /home}]}}] | spec.stages[0].pod.env[0].name | 'HOME' is set by the operator for the step (reserved: HOME, TMPDIR, DJL_CACHE_DIR, ENGINE_CACHE_DIR, JOB_COMPLETION_INDEX, AWS_ENDPOINT_URL, AWS_REGION, DISTILLERY_S3_ADDRESSING_STYLE, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY); storage settings come from spec.storage
            env name not a name         | pod: {env: [{name: 1ST, value: x}]} | spec.pod.env[0].name | '1ST' is not an environment variable name (letters, digits, '_', '-', '.', not starting with a digit)
            env without a name          | pod: {env: [{value: x}]} | spec.pod.env[0].name | is required
            env twice                   | pod: {env: [{name: A, value: x}, {name: A, value: y}]} | spec.pod.env[1].name | 'A' is set twice in this list
            env value and valueFrom     | pod: {env: [{name: A, value: x, valueFrom: {secretKeyRef: {name: s, key: k}}}]} | spec.pod.env[0] | set value or valueFrom, not both
            pull secret without a name  | pod: {imagePullSecrets: [{}]} | spec.pod.imagePullSecrets[0].name | is required: the name of a Secret of type dockerconfigjson
            runtime class               | pod: {runtimeClassName: NVIDIA} | spec.pod.runtimeClassName | 'NVIDIA' must be a DNS-1123 subdomain (lowercase, digits, '-', '.')
            stage runtime class         | stages: [{name: report, pod: {runtimeClassName: 'a b'}}] | spec.stages[0].pod.runtimeClassName | 'a b' must be a DNS-1123 subdomain (lowercase, digits, '-', '.')
            stage twice                 | stages: [{name: report}, {name: teacher}, {name: report}] | spec.stages[2].name | 'report' appears in stages more than once
            stage without a name        | stages: [{activeDeadlineSeconds: 60}] | spec.stages[0].name | is required: teacher, softLabels, students, report or online
            deadline zero               | stages: [{name: teacher, activeDeadlineSeconds: 0}] | spec.stages[0].activeDeadlineSeconds | must be at least 1, not 0
            """)
    void rejectsPodAndStageMistakes(String title, String body, String path, String reason) {
        assertThat(errors(run(body))).containsExactly(new FieldError(path, reason));
    }
}
