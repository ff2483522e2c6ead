package dev.distillery.steps.log;

import dev.distillery.store.ArtifactStore;
import dev.distillery.store.ArtifactStores;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A step's own log, stored where its runner said ({@code --log URI}, beside its artifact): every
 * line the step prints on stdout and stderr while it runs, below the logs of earlier attempts found
 * there, each attempt under a {@code ==} header. Stored every {@link #PERIOD_SECONDS} seconds while
 * the step runs, when it ends, and on SIGTERM; a log that cannot be stored never fails the step.
 * (What native code writes straight to the process's file descriptors is not seen here; the pod's
 * log keeps it.)
 */
public final class StoredLog implements AutoCloseable {
    /** How often a running step stores its log so far. */
    static final int PERIOD_SECONDS = 15;

    /** At most this much of one attempt is kept (its beginning and its end). */
    static final int ATTEMPT_LIMIT = 4 << 20;

    /** At most this much of the earlier attempts is kept (their end). */
    static final int EARLIER_LIMIT = 1 << 20;

    private final String uri;
    private final ArtifactStore store;
    private final byte[] earlier;
    private final LogBuffer buffer = new LogBuffer(ATTEMPT_LIMIT);
    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;
    private final ScheduledExecutorService uploader;
    private final Thread onSignal;
    private long storedVersion = -1;
    private boolean failedOnce;
    private boolean closed;

    private StoredLog(String uri, ArtifactStore store, byte[] earlier, List<String> args) {
        this.uri = uri;
        this.store = store;
        this.earlier = earlier;
        String header =
                "== "
                        + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                        + " distillery-step "
                        + String.join(" ", args)
                        + hostSuffix()
                        + "\n";
        byte[] bytes = header.getBytes(StandardCharsets.UTF_8);
        buffer.write(bytes, 0, bytes.length);
        System.setOut(new PrintStream(new Tee(originalOut), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(originalErr), true, StandardCharsets.UTF_8));
        uploader =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread thread = new Thread(r, "stored-log");
                            thread.setDaemon(true);
                            return thread;
                        });
        uploader.scheduleWithFixedDelay(
                this::store, PERIOD_SECONDS, PERIOD_SECONDS, TimeUnit.SECONDS);
        onSignal = new Thread(this::store, "stored-log-on-exit");
        Runtime.getRuntime().addShutdownHook(onSignal);
    }

    /**
     * Starts capturing this process's stdout and stderr for the log at {@code uri} of the run with
     * arguments {@code args}, keeping what earlier attempts stored there.
     */
    public static StoredLog start(String uri, List<String> args, Map<String, String> env) {
        ArtifactStore store = ArtifactStores.open(uri, env);
        byte[] earlier;
        try {
            earlier = store.readObject(uri).map(StoredLog::lastOfEarlier).orElse(new byte[0]);
        } catch (RuntimeException e) {
            earlier =
                    ("[earlier attempts' log unreadable: " + e.getMessage() + "]\n")
                            .getBytes(StandardCharsets.UTF_8);
        }
        return new StoredLog(uri, store, earlier, args);
    }

    /** {@code writer} with everything written to it also in this log. */
    public PrintWriter tee(PrintWriter writer) {
        return new PrintWriter(
                new Writer() {
                    @Override
                    public void write(char[] chars, int offset, int length) {
                        writer.write(chars, offset, length);
                        byte[] bytes =
                                new String(chars, offset, length).getBytes(StandardCharsets.UTF_8);
                        buffer.write(bytes, 0, bytes.length);
                    }

                    @Override
                    public void flush() {
                        writer.flush();
                    }

                    @Override
                    public void close() {
                        writer.flush();
                    }
                },
                true);
    }

    /** Stores the log as it is now, unless nothing changed since the last time. */
    synchronized void store() {
        long version = buffer.version();
        if (version == storedVersion) {
            return;
        }
        byte[] attempt = buffer.snapshot();
        byte[] all = Arrays.copyOf(earlier, earlier.length + attempt.length);
        System.arraycopy(attempt, 0, all, earlier.length, attempt.length);
        try {
            store.writeObject(uri, all);
            storedVersion = version;
        } catch (RuntimeException e) {
            if (!failedOnce) {
                failedOnce = true;
                originalErr.println("(log not stored at " + uri + ": " + e.getMessage() + ")");
            }
        }
    }

    /** Stores the final log and gives stdout and stderr back. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        uploader.shutdownNow();
        System.out.flush();
        System.err.flush();
        System.setOut(originalOut);
        System.setErr(originalErr);
        store();
        try {
            Runtime.getRuntime().removeShutdownHook(onSignal);
        } catch (IllegalStateException e) {
            // already shutting down: the hook stores nothing new
        }
        store.close();
    }

    private static byte[] lastOfEarlier(byte[] log) {
        if (log.length <= EARLIER_LIMIT) {
            return log;
        }
        byte[] note =
                ("[... " + (log.length - EARLIER_LIMIT) + " bytes of earlier attempts left out]\n")
                        .getBytes(StandardCharsets.UTF_8);
        byte[] kept = Arrays.copyOf(note, note.length + EARLIER_LIMIT);
        System.arraycopy(log, log.length - EARLIER_LIMIT, kept, note.length, EARLIER_LIMIT);
        return kept;
    }

    private static String hostSuffix() {
        String host = System.getenv("HOSTNAME");
        return host == null || host.isBlank() ? "" : " (on " + host + ")";
    }

    /** Writes through to the real stream and into the log. */
    private final class Tee extends OutputStream {
        private final OutputStream target;

        Tee(OutputStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] data, int offset, int length) {
            buffer.write(data, offset, length);
            synchronized (target) {
                try {
                    target.write(data, offset, length);
                } catch (java.io.IOException e) {
                    // the console went away; the stored log still has it
                }
            }
        }

        @Override
        public void flush() {
            try {
                target.flush();
            } catch (java.io.IOException e) {
                // as above
            }
        }
    }
}
