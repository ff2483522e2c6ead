package dev.distillery.nodeagent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnvResolverTest {

    private static final NodeFacts NODE =
            new NodeFacts(
                    "agent-0", "127.0.0.1", "127.0.0.1", 16443, Map.of("cpu", new Quantity("2")));

    private static final ClusterObjects OBJECTS =
            new ClusterObjects() {
                @Override
                public Optional<Secret> secret(String namespace, String name) {
                    if (!name.equals("storage")) {
                        return Optional.empty();
                    }
                    String key =
                            Base64.getEncoder()
                                    .encodeToString("minio".getBytes(StandardCharsets.UTF_8));
                    return Optional.of(
                            new SecretBuilder().addToData("AWS_ACCESS_KEY_ID", key).build());
                }

                @Override
                public Optional<ConfigMap> configMap(String namespace, String name) {
                    return name.equals("settings")
                            ? Optional.of(
                                    new ConfigMapBuilder().addToData("LEVEL", "debug").build())
                            : Optional.empty();
                }
            };

    private static final ImageConfig IMAGE =
            new ImageConfig(List.of(), List.of(), Map.of("PATH", "/bin", "HOME", "/"), "", "");

    private final EnvResolver resolver = new EnvResolver(OBJECTS, NODE);

    private static Pod pod(Container container) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("job-0-abc")
                .withNamespace("team")
                .withUid("u-1")
                .addToAnnotations("batch.kubernetes.io/job-completion-index", "1")
                .endMetadata()
                .withNewSpec()
                .withNodeName("agent-0")
                .withContainers(container)
                .endSpec()
                .build();
    }

    @Test
    void imageEnvThenValuesSecretsConfigMapsAndFields() {
        Container container =
                new ContainerBuilder()
                        .withName("c")
                        .addNewEnv()
                        .withName("HOME")
                        .withValue("/scratch")
                        .endEnv()
                        .addNewEnv()
                        .withName("CACHE")
                        .withValue("$(HOME)/djl")
                        .endEnv()
                        .addNewEnv()
                        .withName("AWS_ACCESS_KEY_ID")
                        .withNewValueFrom()
                        .withNewSecretKeyRef("AWS_ACCESS_KEY_ID", "storage", false)
                        .endValueFrom()
                        .endEnv()
                        .addNewEnv()
                        .withName("LEVEL")
                        .withNewValueFrom()
                        .withNewConfigMapKeyRef("LEVEL", "settings", false)
                        .endValueFrom()
                        .endEnv()
                        .addNewEnv()
                        .withName("INDEX")
                        .withNewValueFrom()
                        .withNewFieldRef()
                        .withFieldPath(
                                "metadata.annotations['batch.kubernetes.io/job-completion-index']")
                        .endFieldRef()
                        .endValueFrom()
                        .endEnv()
                        .addNewEnv()
                        .withName("POD")
                        .withNewValueFrom()
                        .withNewFieldRef()
                        .withFieldPath("metadata.name")
                        .endFieldRef()
                        .endValueFrom()
                        .endEnv()
                        .addNewEnv()
                        .withName("OPTIONAL")
                        .withNewValueFrom()
                        .withNewSecretKeyRef("X", "absent", true)
                        .endValueFrom()
                        .endEnv()
                        .build();

        Map<String, String> env = resolver.resolve(pod(container), container, IMAGE);

        assertThat(env)
                .containsEntry("PATH", "/bin")
                .containsEntry("HOME", "/scratch")
                .containsEntry("CACHE", "/scratch/djl")
                .containsEntry("AWS_ACCESS_KEY_ID", "minio")
                .containsEntry("LEVEL", "debug")
                .containsEntry("INDEX", "1")
                .containsEntry("POD", "job-0-abc")
                .containsEntry("HOSTNAME", "job-0-abc")
                .containsEntry("KUBERNETES_SERVICE_HOST", "127.0.0.1")
                .containsEntry("KUBERNETES_SERVICE_PORT", "16443")
                .doesNotContainKey("OPTIONAL");
    }

    @Test
    void aMissingSecretOrKeyIsTheKubeletsConfigError() {
        Container missingSecret =
                new ContainerBuilder()
                        .withName("c")
                        .addNewEnv()
                        .withName("K")
                        .withNewValueFrom()
                        .withNewSecretKeyRef("K", "nope", false)
                        .endValueFrom()
                        .endEnv()
                        .build();
        Container missingKey =
                new ContainerBuilder()
                        .withName("c")
                        .addNewEnv()
                        .withName("K")
                        .withNewValueFrom()
                        .withNewSecretKeyRef("AWS_SECRET_ACCESS_KEY", "storage", false)
                        .endValueFrom()
                        .endEnv()
                        .build();

        assertThatThrownBy(() -> resolver.resolve(pod(missingSecret), missingSecret, IMAGE))
                .isInstanceOf(ContainerConfigException.class)
                .hasMessage("secret \"nope\" not found");
        assertThatThrownBy(() -> resolver.resolve(pod(missingKey), missingKey, IMAGE))
                .isInstanceOf(ContainerConfigException.class)
                .hasMessage("couldn't find key AWS_SECRET_ACCESS_KEY in Secret team/storage");
    }

    @Test
    void envFromAddsEveryKeyWithItsPrefixAndMayBeOptional() {
        Container container =
                new ContainerBuilder()
                        .withName("c")
                        .addNewEnvFrom()
                        .withPrefix("S_")
                        .withNewSecretRef("storage", false)
                        .endEnvFrom()
                        .addNewEnvFrom()
                        .withNewSecretRef("absent", true)
                        .endEnvFrom()
                        .build();

        assertThat(resolver.resolve(pod(container), container, IMAGE))
                .containsEntry("S_AWS_ACCESS_KEY_ID", "minio");
    }
}
