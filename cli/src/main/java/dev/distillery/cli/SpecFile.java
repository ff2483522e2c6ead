package dev.distillery.cli;

import dev.distillery.api.Distillation;
import dev.distillery.api.DistillationYaml;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code -f FILE} option every command shares: the Distillation spec to read. */
public final class SpecFile {

    @Option(
            names = {"-f", "--file"},
            required = true,
            paramLabel = "FILE",
            description = "The Distillation spec (YAML), as kubectl apply takes it.")
    Path file;

    /** The spec, parsed and validated; every problem is listed with its field path. */
    Distillation read() {
        return DistillationYaml.read(file);
    }

    Path path() {
        return file;
    }
}
