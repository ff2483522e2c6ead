package dev.distillery.api.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Builds the key of a step from everything that determines its output (command, data, model,
 * settings, seed, the keys of its inputs) and nothing else, so that identical steps of different
 * Distillations sharing a store land at the same {@code <storage>/<stage>/<key>}.
 */
public final class ContentKey {

    /** Bump when the meaning of a step's inputs changes, so old artifacts are not reused. */
    static final String FORMAT = "distillery-key-v1";

    /** Hex characters kept from the SHA-256: 64 bits, enough to never collide in one store. */
    static final int LENGTH = 16;

    private final StringBuilder canonical = new StringBuilder(FORMAT);

    /** Starts a key for a step running {@code command}. */
    public static ContentKey of(String command) {
        return new ContentKey().with("command", command);
    }

    /** Adds a named input; {@code null} values are recorded as absent, not skipped. */
    public ContentKey with(String name, Object value) {
        String text = value == null ? "\u0000" : String.valueOf(value);
        canonical
                .append('\n')
                .append(name)
                .append('=')
                .append(text.length())
                .append(':')
                .append(text);
        return this;
    }

    /** The key: the first {@value #LENGTH} hex digits of the SHA-256 of the inputs. */
    public String build() {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
