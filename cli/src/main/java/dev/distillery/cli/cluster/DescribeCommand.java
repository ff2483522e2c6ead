package dev.distillery.cli.cluster;

import dev.distillery.api.Distillation;
import dev.distillery.contract.ExitCodes;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code describe NAME}: students with their accuracies, the chosen cells, artifacts, conditions
 * and the recent events.
 */
@Command(
        name = "describe",
        mixinStandardHelpOptions = true,
        description =
                "Show one Distillation: students, chosen cells, artifacts, conditions, events.")
public final class DescribeCommand implements Callable<Integer> {
    static final int EVENTS = 10;

    @Spec CommandSpec spec;
    @Mixin ClusterOptions cluster;

    @Parameters(paramLabel = "NAME", description = "The Distillation.")
    String name;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (KubernetesClient client = cluster.client()) {
            Distillation item = cluster.get(client, name);
            List<Event> events =
                    ClusterOptions.call(
                            () ->
                                    client.v1()
                                            .events()
                                            .inNamespace(cluster.namespace(client))
                                            .withField("involvedObject.name", name)
                                            .withField("involvedObject.kind", "Distillation")
                                            .list()
                                            .getItems());
            List<Event> recent =
                    events.stream()
                            .sorted(Comparator.comparing(DescribeCommand::when))
                            .skip(Math.max(0, events.size() - EVENTS))
                            .toList();
            DistillationView.describe(item, recent, Instant.now()).forEach(out::println);
            return ExitCodes.OK;
        }
    }

    private static String when(Event e) {
        if (e.getLastTimestamp() != null) {
            return e.getLastTimestamp();
        }
        if (e.getEventTime() != null && e.getEventTime().getTime() != null) {
            return e.getEventTime().getTime();
        }
        return e.getMetadata().getCreationTimestamp() == null
                ? ""
                : e.getMetadata().getCreationTimestamp();
    }
}
