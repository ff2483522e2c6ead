package dev.distillery.api.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The names of the Jobs a Distillation's steps run as: {@code <distillation>-<step>}, cut to 63
 * characters with a hash of the full name when longer, so two steps never share a Job name.
 */
public final class JobNames {

    /** The longest Kubernetes label value, and so the longest Job name we create. */
    public static final int MAX_LENGTH = 63;

    private JobNames() {}

    /** The Job name of step {@code step} of the Distillation named {@code distillation}. */
    public static String of(String distillation, String step) {
        String full = distillation + "-" + step;
        if (full.length() <= MAX_LENGTH) {
            return full;
        }
        String hash = hash(full);
        int room = MAX_LENGTH - hash.length() - 1;
        String cut = full.substring(0, room);
        while (cut.endsWith("-")) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "-" + hash;
    }

    private static String hash(String text) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
