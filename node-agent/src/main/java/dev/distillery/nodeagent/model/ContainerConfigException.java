package dev.distillery.nodeagent.model;

/**
 * A container that cannot be configured from its pod spec (a missing Secret or key, a root user
 * under runAsNonRoot): the kubelet's {@code CreateContainerConfigError}, retried until fixed.
 */
public final class ContainerConfigException extends RuntimeException {

    public ContainerConfigException(String message) {
        super(message);
    }
}
