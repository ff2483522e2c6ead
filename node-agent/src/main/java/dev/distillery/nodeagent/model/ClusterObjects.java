package dev.distillery.nodeagent.model;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Optional;

/** The objects a container's environment and volumes may refer to, looked up by namespace. */
public interface ClusterObjects {

    /** The Secret {@code name} in {@code namespace}, if it exists. */
    Optional<Secret> secret(String namespace, String name);

    /** The ConfigMap {@code name} in {@code namespace}, if it exists. */
    Optional<ConfigMap> configMap(String namespace, String name);
}
