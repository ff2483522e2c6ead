package dev.distillery.nodeagent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.distillery.nodeagent.model.LogQuery;
import dev.distillery.nodeagent.model.LogRefusal;
import dev.distillery.nodeagent.model.LogRun;
import dev.distillery.nodeagent.model.LogTail;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's container-log endpoint, {@code GET /containerLogs/NAMESPACE/POD/CONTAINER}, over
 * HTTPS with client certificates, so the API server's {@code pods/log} (and with it {@code kubectl
 * logs} and fabric8's {@code getLog()}/{@code watchLog()}) reads the logs the agent keeps. The run
 * is chosen from the pod's status as the agent last saw it ({@link LogRun}); {@code follow} streams
 * what the run writes until it ends.
 */
final class ContainerLogServer implements AutoCloseable {

    /** The pods bound to this node, by namespace and name, as the agent's informer holds them. */
    interface Pods {
        Optional<Pod> pod(String namespace, String name);
    }

    static final String PATH = "/containerLogs/";
    private static final Logger LOG = LoggerFactory.getLogger(ContainerLogServer.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final int CHUNK = 64 * 1024;

    private final HttpsServer server;
    private final ExecutorService executor;
    private final Pods pods;
    private final Path logsDir;

    private ContainerLogServer(HttpsServer server, ExecutorService executor, Pods pods, Path logs) {
        this.server = server;
        this.executor = executor;
        this.pods = pods;
        this.logsDir = logs;
    }

    /** Listens on {@code address}, requiring a client certificate that {@code tls} trusts. */
    static ContainerLogServer start(InetSocketAddress address, SSLContext tls, Pods pods, Path logs)
            throws IOException {
        HttpsServer server = HttpsServer.create(address, 0);
        server.setHttpsConfigurator(
                new HttpsConfigurator(tls) {
                    @Override
                    public void configure(HttpsParameters params) {
                        SSLParameters ssl = tls.getDefaultSSLParameters();
                        ssl.setNeedClientAuth(true);
                        params.setSSLParameters(ssl);
                    }
                });
        ExecutorService executor =
                Executors.newCachedThreadPool(
                        r -> {
                            Thread thread = new Thread(r, "container-log");
                            thread.setDaemon(true);
                            return thread;
                        });
        server.setExecutor(executor);
        ContainerLogServer served = new ContainerLogServer(server, executor, pods, logs);
        server.createContext(PATH, served::handle);
        server.createContext("/", exchange -> reply(exchange, 404, "not found\n"));
        server.start();
        LOG.info("event=ContainerLogServerStarted address={}", server.getAddress());
        return served;
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) {
        try {
            if (!"GET".equals(exchange.getRequestMethod())) {
                reply(exchange, 405, "only GET is served\n");
                return;
            }
            String[] parts = exchange.getRequestURI().getRawPath().split("/");
            if (parts.length != 5
                    || parts[2].isEmpty()
                    || parts[3].isEmpty()
                    || parts[4].isEmpty()) {
                reply(exchange, 404, "expected " + PATH + "NAMESPACE/POD/CONTAINER\n");
                return;
            }
            String namespace = decode(parts[2]);
            String name = decode(parts[3]);
            String container = decode(parts[4]);
            try {
                LogQuery query = LogQuery.parse(query(exchange.getRequestURI().getRawQuery()));
                Pod pod =
                        pods.pod(namespace, name)
                                .orElseThrow(
                                        () ->
                                                new LogRefusal(
                                                        LogRefusal.NOT_FOUND,
                                                        "pod \"" + name + "\" does not exist"));
                LogRun run = LogRun.of(pod, container, query.previous());
                serve(exchange, pod, container, run, query);
            } catch (LogRefusal refusal) {
                LOG.info(
                        "event=ContainerLogRefused pod={}/{} container={} status={} reason={}",
                        namespace,
                        name,
                        container,
                        refusal.status(),
                        refusal.getMessage());
                reply(exchange, refusal.status(), refusal.getMessage() + "\n");
            }
        } catch (IOException e) {
            // The client went away (a follow ended by the user): nothing to answer.
            LOG.debug("event=ContainerLogClosed error={}", e.toString());
        } finally {
            exchange.close();
        }
    }

    private void serve(HttpExchange exchange, Pod pod, String container, LogRun run, LogQuery query)
            throws IOException {
        Path file = AgentContext.containerLog(logsDir, pod, container, run.restart());
        FileChannel log;
        try {
            log = FileChannel.open(file);
        } catch (NoSuchFileException e) {
            throw new LogRefusal(
                    LogRefusal.NOT_FOUND,
                    "the log of container \""
                            + container
                            + "\" ("
                            + run.containerId()
                            + ") is gone");
        }
        try (log) {
            long size = log.size();
            long position =
                    query.tailLines().isPresent()
                            ? LogTail.start(log, size, query.tailLines().getAsLong())
                            : 0;
            long left = query.limitBytes().orElse(Long.MAX_VALUE);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
            boolean running = query.follow() && run.running();
            while (left > 0) {
                long copied = copy(log, position, left, buffer, body);
                position += copied;
                left -= copied;
                if (copied > 0) {
                    body.flush();
                    continue;
                }
                if (!running) {
                    break;
                }
                sleep();
                // Read what is left once more after the run ended, then stop.
                running = stillRunning(pod, container, run);
            }
        }
    }

    /** Copies up to {@code left} bytes from {@code position} to the end of the log as it is now. */
    private static long copy(
            FileChannel log, long position, long left, ByteBuffer buffer, OutputStream body)
            throws IOException {
        long copied = 0;
        while (copied < left) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), left - copied));
            int n = log.read(buffer, position + copied);
            if (n <= 0) {
                break;
            }
            body.write(buffer.array(), 0, n);
            copied += n;
        }
        return copied;
    }

    private boolean stillRunning(Pod seen, String container, LogRun run) {
        return pods.pod(seen.getMetadata().getNamespace(), seen.getMetadata().getName())
                .filter(p -> p.getMetadata().getUid().equals(seen.getMetadata().getUid()))
                .map(
                        p -> {
                            try {
                                LogRun now = LogRun.of(p, container, false);
                                return now.running() && now.containerId().equals(run.containerId());
                            } catch (LogRefusal e) {
                                return false;
                            }
                        })
                .orElse(false);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            query.putIfAbsent(key, value);
        }
        return query;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static void reply(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(bytes);
        }
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
