package dev.distillery.cli.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The folder of one local run ({@code runs/<name>} by default): the spec's fingerprint and state in
 * {@code run.json}, step logs and summaries, the artifacts when the spec names no storage, {@code
 * distillation.yaml} and the report. A folder belongs to one spec; a lock keeps two runs out of it.
 */
public final class RunFolder implements AutoCloseable {
    /** The record of which spec the folder belongs to and how its last run ended. */
    public static final String RECORD = "run.json";

    /** The resource with its status. */
    public static final String RESOURCE = "distillation.yaml";

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;
    private final String fingerprint;
    private final Path specFile;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final String previousState;

    private RunFolder(
            Path root,
            String fingerprint,
            Path specFile,
            FileChannel lockChannel,
            FileLock lock,
            String previousState) {
        this.root = root;
        this.fingerprint = fingerprint;
        this.specFile = specFile;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.previousState = previousState;
    }

    /**
     * Opens {@code root} for the spec with {@code fingerprint} read from {@code specFile}: creates
     * it, or reuses it if it belongs to the same spec; refuses a folder of another spec or one that
     * another run holds.
     */
    public static RunFolder open(Path root, String fingerprint, Path specFile) {
        try {
            Files.createDirectories(root.resolve("logs"));
            Files.createDirectories(root.resolve("summaries"));
            FileChannel channel =
                    FileChannel.open(
                            root.resolve(".lock"),
                            StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this JVM
            }
            if (lock == null) {
                channel.close();
                throw new DistilleryException(
                        ExitCodes.TRANSIENT,
                        "run folder "
                                + root
                                + " is in use by another distillery run: wait for it to finish,"
                                + " or pass --run-dir to run elsewhere");
            }
            String previous = checkOwner(root, fingerprint, specFile, channel, lock);
            RunFolder folder = new RunFolder(root, fingerprint, specFile, channel, lock, previous);
            folder.record("running");
            return folder;
        } catch (IOException e) {
            throw DistilleryException.badInput(
                    "cannot use run folder " + root + ": " + e.getMessage(), e);
        }
    }

    private static String checkOwner(
            Path root, String fingerprint, Path specFile, FileChannel channel, FileLock lock)
            throws IOException {
        Path record = root.resolve(RECORD);
        if (!Files.exists(record)) {
            return null;
        }
        JsonNode saved;
        try {
            saved = JSON.readTree(record.toFile());
        } catch (IOException e) {
            saved = null;
        }
        if (saved == null || !fingerprint.equals(saved.path("fingerprint").asText())) {
            lock.release();
            channel.close();
            String other = saved != null ? saved.path("spec").asText("another spec") : "?";
            throw DistilleryException.badInput(
                    "run folder "
                            + root
                            + " belongs to a different spec ("
                            + other
                            + ", fingerprint "
                            + (saved != null ? saved.path("fingerprint").asText() : "unreadable")
                            + "), not to "
                            + specFile
                            + " (fingerprint "
                            + fingerprint
                            + "): its distillation.yaml and report describe that spec."
                            + " Pass --run-dir DIR to run this spec elsewhere, or delete "
                            + root
                            + " to start over (finished steps in a storage shared by both specs"
                            + " are still reused)");
        }
        return saved.path("state").asText(null);
    }

    /** Records the spec and the state of the run ({@code running}, {@code succeeded}, ...). */
    public void record(String state) {
        ObjectNode record = JSON.createObjectNode();
        record.put("fingerprint", fingerprint);
        record.put("spec", specFile.toString());
        record.put("state", state);
        record.put("updated", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        try {
            write(RECORD, JSON.writeValueAsString(record) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The state the previous run in this folder left, or {@code null} for a new folder. */
    public String previousState() {
        return previousState;
    }

    /** The spec file this run was started with. */
    public Path specFile() {
        return specFile;
    }

    public Path root() {
        return root;
    }

    /** The default artifact root: {@code file://<run folder>/artifacts}. */
    public String artifacts() {
        return root.toAbsolutePath().normalize().resolve("artifacts").toUri().toString();
    }

    /** The combined stdout and stderr of step {@code step}. */
    public Path log(String step) {
        return root.resolve("logs").resolve(step + ".log");
    }

    /** The termination-message file of step {@code step} (of one shard when sharded). */
    public Path summary(String step) {
        return root.resolve("summaries").resolve(step + ".json");
    }

    /** Writes {@code text} to {@code name} in the folder, replacing it atomically. */
    public void write(String name, String text) throws IOException {
        Path target = root.resolve(name);
        Path temporary = root.resolve("." + name + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        Files.move(
                temporary,
                target,
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            // the lock goes with the process anyway
        }
    }
}
