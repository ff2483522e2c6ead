package dev.distillery.cli.cluster;

import dev.distillery.api.Distillation;
import dev.distillery.api.spec.StorageSpec;
import dev.distillery.contract.DistilleryException;
import dev.distillery.store.S3Settings;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings a command needs to read a Distillation's storage from this machine: this process's
 * environment, plus the spec's endpoint and the Secret it names (when you may read it) where the
 * environment sets none.
 */
final class StorageEnvironment {
    static final List<String> CREDENTIALS = List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");

    private StorageEnvironment() {}

    static Map<String, String> of(
            ClusterOptions cluster, KubernetesClient client, Distillation item) {
        Map<String, String> env = new HashMap<>(System.getenv());
        StorageSpec storage = item.getSpec().storage();
        if (storage == null) {
            return env;
        }
        if (storage.endpoint() != null
                && S3Settings.ENDPOINT_VARIABLES.stream().noneMatch(env::containsKey)) {
            env.put("AWS_ENDPOINT_URL", storage.endpoint());
        }
        if (storage.credentialsSecret() != null && !env.containsKey(CREDENTIALS.get(0))) {
            Secret secret =
                    ClusterOptions.call(
                            () ->
                                    client.secrets()
                                            .inNamespace(cluster.namespace(client))
                                            .withName(storage.credentialsSecret())
                                            .get());
            if (secret == null || secret.getData() == null) {
                throw DistilleryException.badInput(
                        "no Secret "
                                + storage.credentialsSecret()
                                + " in namespace "
                                + cluster.namespace(client)
                                + ": set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY instead");
            }
            for (String key : CREDENTIALS) {
                String value = secret.getData().get(key);
                if (value != null) {
                    env.put(
                            key,
                            new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8));
                }
            }
        }
        return env;
    }
}
