package dev.distillery.nodeagent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.nodeagent.model.ImageConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The node's images: OCI archives in a folder (what {@code images/build} writes), found by the
 * reference in their {@code org.opencontainers.image.ref.name}, and unpacked once per manifest
 * digest with {@code umoci unpack} into a shared cache, where every container of that image uses
 * the root filesystem as the lower layer of its own overlay. "Pulling" is finding the archive.
 */
final class ImageStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REF_NAME = "org.opencontainers.image.ref.name";

    private final Path archives;
    private final Path cache;
    private final Map<Path, Indexed> index = new ConcurrentHashMap<>();
    private final Map<String, Object> unpacking = new ConcurrentHashMap<>();

    /** An archive's refs as last read, with the archive's size and time to notice a rebuild. */
    private record Indexed(long size, long modified, Map<String, String> digests) {}

    /**
     * An image found in an archive.
     *
     * @param ref the reference it was found by
     * @param archive the OCI archive
     * @param digest its manifest's digest ({@code sha256:...})
     */
    record Found(String ref, Path archive, String digest) {
        String imageId() {
            return ref + "@" + digest;
        }
    }

    /**
     * An image ready to run.
     *
     * @param found where it came from
     * @param rootfs its unpacked root filesystem (read-only by convention)
     * @param config its configuration
     */
    record Unpacked(Found found, Path rootfs, ImageConfig config) {}

    ImageStore(Path archives, Path cache) {
        this.archives = archives;
        this.cache = cache;
    }

    /** The archive holding {@code ref} ({@code :latest} when it has no tag), if any. */
    Optional<Found> find(String ref) throws IOException, InterruptedException {
        String wanted = normalize(ref);
        if (!Files.isDirectory(archives)) {
            return Optional.empty();
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(archives)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(".tar")).sorted().toList();
        }
        for (Path archive : files) {
            String digest = refs(archive).get(wanted);
            if (digest != null) {
                return Optional.of(new Found(ref, archive, digest));
            }
        }
        return Optional.empty();
    }

    /** The unpacked image, unpacking it first when this digest was never unpacked here. */
    Unpacked unpack(Found image) throws IOException, InterruptedException {
        String hex = image.digest().substring(image.digest().indexOf(':') + 1);
        Path dir = cache.resolve(hex);
        synchronized (unpacking.computeIfAbsent(hex, h -> new Object())) {
            if (!Files.isRegularFile(dir.resolve("image-config.json"))) {
                unpackInto(image, dir);
            }
        }
        ImageConfig config =
                ImageConfig.parse(JSON.readTree(dir.resolve("image-config.json").toFile()));
        return new Unpacked(image, dir.resolve("rootfs"), config);
    }

    private void unpackInto(Found image, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(cache);
        Path tmp = Files.createTempDirectory(cache, ".unpack-");
        try {
            Path layout = Files.createDirectories(tmp.resolve("oci"));
            run(List.of("tar", "-xf", image.archive().toString(), "-C", layout.toString()));
            JsonNode manifest = blob(layout, image.digest());
            JsonNode config = blob(layout, manifest.path("config").path("digest").asText());
            run(
                    List.of(
                            "umoci",
                            "unpack",
                            "--image",
                            layout + ":" + normalize(image.ref()),
                            tmp.resolve("bundle").toString()));
            Files.move(tmp.resolve("bundle/rootfs"), tmp.resolve("rootfs"));
            JSON.writeValue(tmp.resolve("image-config.json").toFile(), config);
            run(List.of("rm", "-rf", layout.toString(), tmp.resolve("bundle").toString()));
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException taken) {
                // Another agent (another cluster on this machine) unpacked the same digest first.
                if (!Files.isRegularFile(dir.resolve("image-config.json"))) {
                    throw taken;
                }
            }
        } finally {
            if (Files.exists(tmp)) {
                run(List.of("rm", "-rf", tmp.toString()));
            }
        }
    }

    private Map<String, String> refs(Path archive) throws IOException, InterruptedException {
        long size = Files.size(archive);
        long modified = Files.getLastModifiedTime(archive).toMillis();
        Indexed known = index.get(archive);
        if (known != null && known.size() == size && known.modified() == modified) {
            return known.digests();
        }
        Map<String, String> digests = new HashMap<>();
        String text = output(List.of("tar", "-xOf", archive.toString(), "index.json"));
        for (JsonNode entry : JSON.readTree(text).path("manifests")) {
            String name = entry.path("annotations").path(REF_NAME).asText("");
            if (!name.isEmpty()) {
                digests.put(normalize(name), entry.path("digest").asText());
            }
        }
        index.put(archive, new Indexed(size, modified, digests));
        return digests;
    }

    private static JsonNode blob(Path layout, String digest) throws IOException {
        String[] parts = digest.split(":", 2);
        return JSON.readTree(layout.resolve("blobs").resolve(parts[0]).resolve(parts[1]).toFile());
    }

    /** {@code ref} with {@code :latest} when it names no tag or digest. */
    static String normalize(String ref) {
        int slash = ref.lastIndexOf('/');
        String last = ref.substring(slash + 1);
        return last.contains(":") || last.contains("@") ? ref : ref + ":latest";
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        output(command);
    }

    private static String output(List<String> command) throws IOException, InterruptedException {
        Process process =
                new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException(
                    String.join(" ", command)
                            + " failed: "
                            + new String(out, StandardCharsets.UTF_8).strip());
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
