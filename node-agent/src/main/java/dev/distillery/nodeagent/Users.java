package dev.distillery.nodeagent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Looks a user up in an image's {@code /etc/passwd}, as an OCI runtime does for USER. */
final class Users {

    private Users() {}

    /** The {uid, gid} of {@code user} (a name or a number) in {@code rootfs}, if listed. */
    static Optional<long[]> lookup(Path rootfs, String user) {
        Path passwd = rootfs.resolve("etc/passwd");
        if (!Files.isRegularFile(passwd)) {
            return Optional.empty();
        }
        try {
            for (String line : Files.readAllLines(passwd)) {
                String[] fields = line.split(":");
                if (fields.length >= 4 && (fields[0].equals(user) || fields[2].equals(user))) {
                    return Optional.of(
                            new long[] {Long.parseLong(fields[2]), Long.parseLong(fields[3])});
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
