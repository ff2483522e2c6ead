package dev.distillery.steps.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The committed {@code fused-adam.pt} must be what {@code fused_adam.py} generates: it carries the
 * generator's text and the digest of the code it scripted, so an edited generator that was not
 * rerun, or an archive edited by hand, fails here (no Python needed).
 */
class FusedAdamArchiveTest {
    static final Path GENERATOR = Path.of("src", "main", "torchscript", "fused_adam.py");
    static final Path ARCHIVE =
            Path.of("src", "main", "resources", "dev", "distillery", "steps", "training")
                    .resolve(FusedAdam.MODULE);
    static final String REGENERATE =
            "~/.cache/distillery/bench-venv/bin/python steps/src/main/torchscript/fused_adam.py";

    @Test
    void theArchiveHoldsTheGeneratorsTextAndTheCodeItScripted() throws IOException {
        Map<String, byte[]> entries = entries();
        assertThat(text(entries, "extra/generator.py"))
                .as(
                        "fused-adam.pt was not generated from %s; regenerate: %s",
                        GENERATOR, REGENERATE)
                .isEqualTo(Files.readString(GENERATOR));
        assertThat(sha256(entry(entries, "code/__torch__.py")))
                .as("fused-adam.pt's scripted code was edited by hand; regenerate: %s", REGENERATE)
                .isEqualTo(text(entries, "extra/code.sha256"));
    }

    @Test
    void theArchiveWasSavedByTheTorchTheEngineLoads() throws IOException {
        assertThat(text(entries(), "extra/torch.version"))
                .isEqualTo(Engine.getEngine("PyTorch").getVersion());
    }

    private static Map<String, byte[]> entries() throws IOException {
        Map<String, byte[]> entries = new TreeMap<>();
        // ZipFile, not ZipInputStream: torch writes stored entries with data descriptors.
        try (ZipFile zip = new ZipFile(ARCHIVE.toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(e)) {
                    entries.put(e.getName(), in.readAllBytes());
                }
            }
        }
        return entries;
    }

    /** The entry whose path inside the archive's top folder is {@code path}. */
    private static byte[] entry(Map<String, byte[]> entries, String path) {
        return entries.entrySet().stream()
                .filter(e -> e.getKey().endsWith("/" + path))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError("fused-adam.pt has no " + path));
    }

    private static String text(Map<String, byte[]> entries, String path) {
        return new String(entry(entries, path), StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
