package dev.distillery.cli.cluster;

import dev.distillery.api.Distillation;
import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
import dev.distillery.store.ArtifactStore;
import dev.distillery.store.ArtifactStores;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code report NAME}: fetches the report artifact of a finished Distillation (report.html, the
 * plots) from its storage into a local folder, verified against its manifest. S3 credentials come
 * from the environment, else from the Secret the spec names (when you may read it).
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Fetch a Distillation's report (report.html and plots) from its storage.")
public final class ReportCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ClusterOptions cluster;

    @Parameters(paramLabel = "NAME", description = "The Distillation.")
    String name;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "DIR",
            description = "Where to write the report. Default: ./NAME-report.")
    Path output;

    @Override
    public Integer call() throws IOException {
        try (KubernetesClient client = cluster.client()) {
            Distillation item = cluster.get(client, name);
            String uri = item.getStatus() == null ? null : item.getStatus().getReport();
            if (uri == null) {
                throw DistilleryException.badInput(
                        "Distillation "
                                + name
                                + " has no report yet (phase "
                                + (item.getStatus() == null || item.getStatus().getPhase() == null
                                        ? "none"
                                        : DistillationView.phase(item.getStatus()))
                                + ")");
            }
            Map<String, String> env = StorageEnvironment.of(cluster, client, item);
            Path target = output != null ? output : Path.of(name + "-report");
            Path scratch = Files.createTempDirectory("distillery-report");
            try (ArtifactStore store = ArtifactStores.open(uri, env)) {
                Path fetched = store.fetch(uri, scratch);
                copy(fetched, target);
            } finally {
                deleteTree(scratch);
            }
            spec.commandLine()
                    .getOut()
                    .println("wrote " + target.resolve("report.html") + " (from " + uri + ")");
            return ExitCodes.OK;
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(
                            p -> {
                                try {
                                    Files.deleteIfExists(p);
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            });
        } catch (IOException | UncheckedIOException e) {
            // A leftover temporary folder is harmless.
        }
    }
}
