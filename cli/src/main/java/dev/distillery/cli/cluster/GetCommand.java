package dev.distillery.cli.cluster;

import dev.distillery.api.Distillation;
import dev.distillery.contract.ExitCodes;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code get [NAME]}: the Distillations with the CRD's printer columns, as kubectl shows them. */
@Command(
        name = "get",
        mixinStandardHelpOptions = true,
        description = "List Distillations: phase, best student, its accuracy, students done.")
public final class GetCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ClusterOptions cluster;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "One Distillation.")
    String name;

    @Option(
            names = {"-A", "--all-namespaces"},
            description = "Every namespace.")
    boolean allNamespaces;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            description = "table (default) or yaml.")
    String output = "table";

    @Override
    public Integer call() {
        if (!output.equals("table") && !output.equals("yaml")) {
            throw dev.distillery.contract.DistilleryException.badInput(
                    "--output " + output + " is not table or yaml");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (KubernetesClient client = cluster.client()) {
            List<Distillation> items;
            if (name != null) {
                items = List.of(cluster.get(client, name));
            } else if (allNamespaces) {
                items =
                        ClusterOptions.call(
                                () ->
                                        ClusterOptions.all(client)
                                                .inAnyNamespace()
                                                .list()
                                                .getItems());
            } else {
                items = ClusterOptions.call(() -> cluster.distillations(client).list().getItems());
            }
            items =
                    items.stream()
                            .sorted(
                                    Comparator.comparing(
                                                    (Distillation d) ->
                                                            d.getMetadata().getNamespace())
                                            .thenComparing(d -> d.getMetadata().getName()))
                            .toList();
            if (output.equals("yaml")) {
                items.forEach(d -> out.print(Serialization.asYaml(d)));
            } else if (items.isEmpty()) {
                spec.commandLine()
                        .getErr()
                        .println(
                                "No Distillations found"
                                        + (allNamespaces
                                                ? "."
                                                : " in namespace "
                                                        + cluster.namespace(client)
                                                        + "."));
            } else {
                DistillationView.table(items, allNamespaces, Instant.now()).forEach(out::println);
            }
            return ExitCodes.OK;
        }
    }
}
