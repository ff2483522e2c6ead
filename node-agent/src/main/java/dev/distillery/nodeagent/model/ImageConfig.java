package dev.distillery.nodeagent.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an OCI image's configuration says about running it: entrypoint, default arguments,
 * environment, working directory and user.
 *
 * @param entrypoint the ENTRYPOINT, possibly empty
 * @param cmd the CMD, possibly empty
 * @param env the image's environment in order
 * @param workingDir the WORKDIR, or empty for /
 * @param user the USER ({@code uid}, {@code uid:gid} or a name), or empty for root
 */
public record ImageConfig(
        List<String> entrypoint,
        List<String> cmd,
        Map<String, String> env,
        String workingDir,
        String user) {

    public ImageConfig {
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        env = new LinkedHashMap<>(env);
    }

    /** The configuration in an OCI image config blob ({@code application/vnd.oci.image.config}). */
    public static ImageConfig parse(JsonNode blob) {
        JsonNode config = blob.path("config");
        Map<String, String> env = new LinkedHashMap<>();
        for (String entry : strings(config.path("Env"))) {
            int equals = entry.indexOf('=');
            if (equals > 0) {
                env.put(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        return new ImageConfig(
                strings(config.path("Entrypoint")),
                strings(config.path("Cmd")),
                env,
                config.path("WorkingDir").asText(""),
                config.path("User").asText(""));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
