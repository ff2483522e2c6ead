package dev.distillery.operator.image;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The instructions of a Containerfile (Dockerfile) as a test reads them: continuation lines joined,
 * comments dropped, COPY sources and destinations, ENV values and the ENTRYPOINT's exec form.
 */
record Containerfile(Path path, List<String> instructions) {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    static Containerfile read(String relative) throws IOException {
        Path path = ROOT.resolve(relative);
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(path)) {
            String stripped = line.strip();
            if (stripped.startsWith("#") || (stripped.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (stripped.endsWith("\\")) {
                current.append(stripped, 0, stripped.length() - 1).append(' ');
                continue;
            }
            current.append(stripped);
            instructions.add(current.toString().strip());
            current.setLength(0);
        }
        return new Containerfile(path, instructions);
    }

    /** The keywords of every instruction, upper case. */
    List<String> keywords() {
        return instructions.stream().map(i -> i.split("\\s+", 2)[0].toUpperCase()).toList();
    }

    /** The COPY (or ADD) instruction whose destination is {@code destination}, as [src, dest]. */
    Optional<List<String>> copyTo(String destination) {
        return instructions.stream()
                .filter(i -> i.startsWith("COPY ") || i.startsWith("ADD "))
                .map(i -> List.of(i.split("\\s+")).subList(1, 3))
                .filter(parts -> parts.get(1).equals(destination))
                .findFirst();
    }

    /** The value an ENV instruction gives {@code variable}, quotes removed. */
    Optional<String> env(String variable) {
        for (String instruction : instructions) {
            if (!instruction.startsWith("ENV ")) {
                continue;
            }
            java.util.regex.Matcher matcher =
                    java.util.regex.Pattern.compile("(?:^|\\s)" + variable + "=(\"[^\"]*\"|\\S+)")
                            .matcher(instruction);
            if (matcher.find()) {
                return Optional.of(matcher.group(1).replace("\"", ""));
            }
        }
        return Optional.empty();
    }

    /** The ENTRYPOINT in exec (JSON) form. */
    List<String> entrypoint() throws IOException {
        String json =
                instructions.stream()
                        .filter(i -> i.startsWith("ENTRYPOINT "))
                        .reduce((first, last) -> last)
                        .orElseThrow(() -> new AssertionError("no ENTRYPOINT in " + path))
                        .substring("ENTRYPOINT ".length());
        return new ObjectMapper().readValue(json, new TypeReference<List<String>>() {});
    }

    static Map<String, String> imagesEnv() throws IOException {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        for (String line : Files.readAllLines(ROOT.resolve("images/images.env"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                values.put(
                        line.substring(0, line.indexOf('=')),
                        line.substring(line.indexOf('=') + 1));
            }
        }
        return values;
    }
}
