package dev.distillery.nodeagent.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Resolves a path inside an image's root filesystem as a process chrooted there would, following
 * symbolic links relative to that root (Debian's {@code /var/run -> /run} stays inside it), so that
 * a mount point never lands on the host.
 */
public final class RootPaths {

    private static final int MAX_LINKS = 40;

    private RootPaths() {}

    /** The absolute container path {@code path} resolves to inside {@code root}. */
    public static String resolve(Path root, String path) {
        Deque<String> pending = new ArrayDeque<>(Arrays.asList(components(path)));
        Deque<String> resolved = new ArrayDeque<>();
        int links = 0;
        while (!pending.isEmpty()) {
            String part = pending.removeFirst();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                resolved.pollLast();
                continue;
            }
            Path candidate = root.resolve(String.join("/", resolved)).resolve(part);
            if (Files.isSymbolicLink(candidate)) {
                if (++links > MAX_LINKS) {
                    throw new ContainerConfigException("too many symbolic links in " + path);
                }
                String target = readLink(candidate);
                var rest = components(target);
                for (int i = rest.length - 1; i >= 0; i--) {
                    pending.addFirst(rest[i]);
                }
                if (target.startsWith("/")) {
                    resolved.clear();
                }
                continue;
            }
            resolved.addLast(part);
        }
        return "/" + String.join("/", resolved);
    }

    private static String[] components(String path) {
        return Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).toArray(String[]::new);
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
