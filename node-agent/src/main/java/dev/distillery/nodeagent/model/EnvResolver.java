package dev.distillery.nodeagent.model;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.Secret;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's environment as the kubelet builds it: the image's variables, the API server's
 * service variables and {@code HOSTNAME}, then {@code envFrom} and {@code env} in order, with
 * {@code $(VAR)} references expanded and values from Secrets, ConfigMaps, the pod's fields and its
 * resources. A required reference that cannot be resolved is a {@link ContainerConfigException}
 * with the kubelet's message.
 */
public final class EnvResolver {

    private static final Pattern FIELD_KEY =
            Pattern.compile("metadata\\.(labels|annotations)\\['([^']+)'\\]");

    private final ClusterObjects objects;
    private final NodeFacts node;

    public EnvResolver(ClusterObjects objects, NodeFacts node) {
        this.objects = objects;
        this.node = node;
    }

    /** The environment of {@code container} in {@code pod} started from {@code image}. */
    public Map<String, String> resolve(Pod pod, Container container, ImageConfig image) {
        Map<String, String> env = new LinkedHashMap<>(image.env());
        env.put("HOSTNAME", pod.getMetadata().getName());
        env.put("KUBERNETES_SERVICE_HOST", node.apiServerHost());
        env.put("KUBERNETES_SERVICE_PORT", String.valueOf(node.apiServerPort()));
        env.put("KUBERNETES_SERVICE_PORT_HTTPS", String.valueOf(node.apiServerPort()));
        String namespace = pod.getMetadata().getNamespace();
        if (container.getEnvFrom() != null) {
            for (EnvFromSource from : container.getEnvFrom()) {
                envFrom(namespace, from).forEach(env::put);
            }
        }
        if (container.getEnv() != null) {
            for (EnvVar variable : container.getEnv()) {
                String value =
                        variable.getValueFrom() != null
                                ? valueFrom(pod, container, variable.getValueFrom())
                                : Expansion.expand(
                                        variable.getValue() != null ? variable.getValue() : "",
                                        env);
                if (value != null) {
                    env.put(variable.getName(), value);
                }
            }
        }
        return env;
    }

    private Map<String, String> envFrom(String namespace, EnvFromSource from) {
        String prefix = from.getPrefix() != null ? from.getPrefix() : "";
        Map<String, String> values = new LinkedHashMap<>();
        if (from.getSecretRef() != null) {
            String name = from.getSecretRef().getName();
            Optional<Secret> secret = objects.secret(namespace, name);
            if (secret.isEmpty() && !Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
                throw new ContainerConfigException("secret \"" + name + "\" not found");
            }
            secret.ifPresent(s -> decoded(s).forEach((k, v) -> values.put(prefix + k, v)));
        }
        if (from.getConfigMapRef() != null) {
            String name = from.getConfigMapRef().getName();
            Optional<ConfigMap> map = objects.configMap(namespace, name);
            if (map.isEmpty() && !Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
                throw new ContainerConfigException("configmap \"" + name + "\" not found");
            }
            map.ifPresent(m -> data(m).forEach((k, v) -> values.put(prefix + k, v)));
        }
        return values;
    }

    /** The value of a {@code valueFrom}, or {@code null} for an optional one that is absent. */
    private String valueFrom(Pod pod, Container container, EnvVarSource source) {
        String namespace = pod.getMetadata().getNamespace();
        if (source.getSecretKeyRef() != null) {
            var ref = source.getSecretKeyRef();
            boolean optional = Boolean.TRUE.equals(ref.getOptional());
            Optional<Secret> secret = objects.secret(namespace, ref.getName());
            if (secret.isEmpty()) {
                if (optional) {
                    return null;
                }
                throw new ContainerConfigException("secret \"" + ref.getName() + "\" not found");
            }
            String value = decoded(secret.get()).get(ref.getKey());
            if (value == null && !optional) {
                throw new ContainerConfigException(
                        "couldn't find key "
                                + ref.getKey()
                                + " in Secret "
                                + namespace
                                + "/"
                                + ref.getName());
            }
            return value;
        }
        if (source.getConfigMapKeyRef() != null) {
            var ref = source.getConfigMapKeyRef();
            boolean optional = Boolean.TRUE.equals(ref.getOptional());
            Optional<ConfigMap> map = objects.configMap(namespace, ref.getName());
            if (map.isEmpty()) {
                if (optional) {
                    return null;
                }
                throw new ContainerConfigException("configmap \"" + ref.getName() + "\" not found");
            }
            String value = data(map.get()).get(ref.getKey());
            if (value == null && !optional) {
                throw new ContainerConfigException(
                        "couldn't find key "
                                + ref.getKey()
                                + " in ConfigMap "
                                + namespace
                                + "/"
                                + ref.getName());
            }
            return value;
        }
        if (source.getFieldRef() != null) {
            return field(pod, source.getFieldRef().getFieldPath());
        }
        if (source.getResourceFieldRef() != null) {
            return resource(container, source.getResourceFieldRef());
        }
        throw new ContainerConfigException("unsupported valueFrom in the node agent: " + source);
    }

    /** A downward-API field of {@code pod}, as the kubelet reads it. */
    public String field(Pod pod, String path) {
        Matcher keyed = FIELD_KEY.matcher(path);
        if (keyed.matches()) {
            Map<String, String> map =
                    keyed.group(1).equals("labels")
                            ? pod.getMetadata().getLabels()
                            : pod.getMetadata().getAnnotations();
            return map != null ? map.getOrDefault(keyed.group(2), "") : "";
        }
        return switch (path) {
            case "metadata.name" -> pod.getMetadata().getName();
            case "metadata.namespace" -> pod.getMetadata().getNamespace();
            case "metadata.uid" -> pod.getMetadata().getUid();
            case "spec.nodeName" -> pod.getSpec().getNodeName();
            case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
            case "status.hostIP", "status.podIP", "status.hostIPs", "status.podIPs" ->
                    node.address();
            default ->
                    throw new ContainerConfigException(
                            "unsupported fieldRef in the node agent: " + path);
        };
    }

    private String resource(Container container, ResourceFieldSelector selector) {
        String name = selector.getResource();
        boolean limit = name.startsWith("limits.");
        String resource = name.substring(name.indexOf('.') + 1);
        Map<String, Quantity> amounts =
                container.getResources() == null
                        ? Map.of()
                        : limit
                                ? container.getResources().getLimits()
                                : container.getResources().getRequests();
        Quantity amount = amounts != null ? amounts.get(resource) : null;
        BigDecimal value =
                amount != null
                        ? amount.getNumericalAmount()
                        : limit ? node.allocatable(resource) : BigDecimal.ZERO;
        BigDecimal divisor =
                selector.getDivisor() != null
                        ? selector.getDivisor().getNumericalAmount()
                        : BigDecimal.ONE;
        return value.divide(divisor, 0, RoundingMode.CEILING).toPlainString();
    }

    private static Map<String, String> decoded(Secret secret) {
        Map<String, String> values = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData()
                    .forEach(
                            (k, v) ->
                                    values.put(
                                            k,
                                            new String(
                                                    Base64.getDecoder().decode(v),
                                                    StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            values.putAll(secret.getStringData());
        }
        return values;
    }

    private static Map<String, String> data(ConfigMap map) {
        return map.getData() != null ? map.getData() : Map.of();
    }
}
