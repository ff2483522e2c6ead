package dev.distillery.bench.operator;

import dev.distillery.contract.ExitCodes;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures a running operator against a real API server: apply-to-first-Job latency, API requests
 * and reconciliations per Distillation, reconcile times and heap, for each number of Distillations
 * asked for (bench/operator/run).
 */
@Command(
        name = "bench-operator",
        mixinStandardHelpOptions = true,
        description = "Benchmarks a running Distillery operator; the kubeconfig is the admin's.")
public final class OperatorBenchmark implements Callable<Integer> {

    @Option(
            names = "--sizes",
            split = ",",
            defaultValue = "1,100,1000",
            description = "Distillations per round (default ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(
            names = "--namespace-prefix",
            defaultValue = "bench-op",
            description = "Round N runs in namespace PREFIX-N, which must exist and be watched.")
    String namespacePrefix;

    @Option(names = "--operator-pid", required = true, description = "The operator JVM's pid.")
    long operatorPid;

    @Option(
            names = "--operator-metrics",
            required = true,
            description =
                    "The operator's Prometheus endpoint, such as http://localhost:18090/metrics.")
    URI operatorMetrics;

    @Option(
            names = "--flow-schema",
            defaultValue = "distillery-bench-operator",
            description = "The FlowSchema matching only the operator's identity.")
    String flowSchema;

    @Option(
            names = "--step-run-time",
            defaultValue = "PT1S",
            description = "How long each played step runs (default ${DEFAULT-VALUE}).")
    Duration stepRunTime;

    @Option(
            names = "--timeout",
            defaultValue = "PT20M",
            description = "Bound on every wait (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(
            names = "--clients",
            defaultValue = "8",
            description = "Concurrent create and delete requests (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--results", required = true, description = "The Markdown file to write.")
    Path results;

    @Option(
            names = "--timelines",
            description =
                    "A folder for each round's first-Job timeline (first-jobs-N.csv: wall-clock"
                            + " times of apply, answer and first Job per Distillation).")
    Path timelines;

    @Option(names = "--command", defaultValue = "", description = "The command line to record.")
    String commandLine;

    @Option(names = "--note", defaultValue = "", description = "What was measured, to record.")
    String note;

    public static void main(String[] args) {
        System.exit(new CommandLine(new OperatorBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        for (int size : sizes) {
            if (size < 1 || size > 9999) {
                System.err.println("bench-operator: --sizes: " + size + " is not in 1..9999");
                return ExitCodes.USAGE;
            }
        }
        Machine machine = Machine.describe();
        String startLoad = String.format(Locale.ROOT, "%.2f", Machine.load());
        List<RoundResult> rounds = new ArrayList<>();
        // The apiserver shares 2 busy cores: a minute per request, not fabric8's 10 s.
        Config config = Config.autoConfigure(null);
        config.setRequestTimeout(60_000);
        // Its watches (the first Jobs seen, the phases) start again as soon as the operator's do
        // when the API server ends one (a client-go watcher starts again at once), not after
        // fabric8's 1 s, which would add a second to what the benchmark sees.
        config.setWatchReconnectInterval(100);
        // A results file of the same day keeps its earlier runs above this one.
        String earlier = Files.exists(results) ? Files.readString(results) + "\n---\n\n" : "";
        try (KubernetesClient admin = new KubernetesClientBuilder().withConfig(config).build()) {
            OperatorRequests requests = new OperatorRequests(admin, flowSchema);
            if (requests.total() == 0) {
                System.err.println(
                        "bench-operator: FlowSchema "
                                + flowSchema
                                + " counted no request: is the operator running under its identity?");
                return ExitCodes.FAILURE;
            }
            BenchmarkRound round =
                    new BenchmarkRound(
                            admin,
                            requests,
                            new OperatorHeap(operatorPid),
                            new OperatorReconciles(operatorMetrics),
                            new BenchmarkRound.Settings(
                                    stepRunTime,
                                    timeout,
                                    Duration.ofSeconds(5),
                                    clients,
                                    Optional.ofNullable(timelines)),
                            System.err);
            for (int size : sizes) {
                try {
                    RoundResult result = round.run(namespacePrefix + "-" + size, size);
                    rounds.add(result);
                    System.err.print("bench-operator: " + ResultsTable.row(result));
                } catch (IllegalStateException e) {
                    System.err.println(
                            "bench-operator: round " + size + " stopped: " + e.getMessage());
                    break;
                }
                // Written after every round, so a stopped benchmark keeps what it measured.
                Files.createDirectories(results.toAbsolutePath().getParent());
                Files.writeString(results, earlier + report(machine, startLoad, rounds));
                if (!rounds.get(rounds.size() - 1).finished()) {
                    break;
                }
            }
        }
        String report = report(machine, startLoad, rounds);
        System.out.print(report);
        return rounds.size() == sizes.size() && rounds.stream().allMatch(RoundResult::finished)
                ? ExitCodes.OK
                : ExitCodes.FAILURE;
    }

    private String report(Machine machine, String startLoad, List<RoundResult> rounds) {
        return "Operator benchmark, "
                + Instant.now()
                + "\n\nMachine: "
                + machine.cores()
                + " cores ("
                + machine.cpu()
                + "), "
                + machine.memoryGib()
                + " GiB; load average at start "
                + startLoad
                + ".\n"
                + (commandLine.isEmpty() ? "" : "Command: `" + commandLine + "`\n")
                + (note.isEmpty() ? "" : "Operator: " + note + ".\n")
                + "\n"
                + ResultsTable.markdown(rounds)
                + "\nWhere the first Job's time went:\n\n"
                + ResultsTable.firstJobParts(rounds);
    }
}
