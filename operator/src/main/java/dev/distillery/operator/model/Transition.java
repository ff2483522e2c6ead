package dev.distillery.operator.model;

/**
 * One change worth a Kubernetes Event: a condition or a step moved.
 *
 * @param warning whether the Event is a Warning rather than Normal
 * @param reason a stable CamelCase reason
 * @param message what happened, for people
 */
public record Transition(boolean warning, String reason, String message) {}
