package dev.distillery.cli.run;

import dev.distillery.api.Distillation;
import dev.distillery.api.DistillationYaml;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The fingerprint of a spec as a run folder records it: the SHA-256 of its name and spec in
 * canonical JSON, so comments, key order and formatting of the YAML do not matter.
 */
public final class RunFingerprint {

    private RunFingerprint() {}

    /** The fingerprint of {@code distillation}'s name and spec (not its status). */
    public static String of(Distillation distillation) {
        Distillation bare = new Distillation();
        bare.setMetadata(
                new ObjectMetaBuilder().withName(distillation.getMetadata().getName()).build());
        bare.setSpec(distillation.getSpec());
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(DistillationYaml.toJson(bare).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
