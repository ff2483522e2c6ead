package dev.distillery.nodeagent.model;

/**
 * A container-log request the node cannot serve: the HTTP status and the message a kubelet would
 * answer with, which the API server hands to the client ({@code kubectl logs} prints it).
 */
public final class LogRefusal extends RuntimeException {

    /** 400: the kubelet's answer to a request it understands but cannot serve. */
    public static final int BAD_REQUEST = 400;

    /** 404: no such pod on this node. */
    public static final int NOT_FOUND = 404;

    private final int status;

    public LogRefusal(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
