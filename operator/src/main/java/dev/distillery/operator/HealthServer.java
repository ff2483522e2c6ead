package dev.distillery.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/** Serves {@code /healthz}, {@code /readyz} and Prometheus {@code /metrics} over plain HTTP. */
public final class HealthServer implements AutoCloseable {

    private final HttpServer server;

    private HealthServer(HttpServer server) {
        this.server = server;
    }

    /** Starts serving on {@code port} (0 picks a free one). */
    public static HealthServer start(
            int port, BooleanSupplier live, BooleanSupplier ready, PrometheusMeterRegistry registry)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/healthz", exchange -> probe(exchange, live.getAsBoolean()));
        server.createContext("/readyz", exchange -> probe(exchange, ready.getAsBoolean()));
        server.createContext(
                "/metrics",
                exchange ->
                        respond(
                                exchange,
                                200,
                                "text/plain; version=0.0.4; charset=utf-8",
                                registry.scrape()));
        server.start();
        return new HealthServer(server);
    }

    /** The port served. */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void probe(HttpExchange exchange, boolean ok) throws IOException {
        respond(exchange, ok ? 200 : 503, "text/plain", ok ? "ok\n" : "not ready\n");
    }

    private static void respond(HttpExchange exchange, int code, String type, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
