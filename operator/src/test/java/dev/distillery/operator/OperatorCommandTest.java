package dev.distillery.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.contract.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class OperatorCommandTest {

    private static OperatorCommand parse(String... args) {
        OperatorCommand command = new OperatorCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    /** Runs the command; it must exit with a usage error. Returns what it printed. */
    private static String usageErrorOf(String... args) {
        StringWriter err = new StringWriter();
        CommandLine line = new CommandLine(new OperatorCommand());
        line.setErr(new PrintWriter(err));

        int exit = line.execute(args);

        assertThat(exit).as(err.toString()).isEqualTo(ExitCodes.USAGE);
        return err.toString();
    }

    @Test
    void readsNamespacesImageGpuResourceAndLeaderElectionFromFlags() {
        OperatorOptions options =
                parse(
                                "--namespaces",
                                "team-a,team-b",
                                "--step-image",
                                "registry.example/step:2",
                                "--gpu-resource",
                                "amd.com/gpu",
                                "--backoff-limit",
                                "5",
                                "--leader-election",
                                "--lease-namespace",
                                "ops",
                                "--identity",
                                "replica-1",
                                "--lease-duration",
                                "PT10S")
                        .options();

        assertThat(options.namespaces()).containsExactlyInAnyOrder("team-a", "team-b");
        assertThat(options.jobs().defaultImage()).isEqualTo("registry.example/step:2");
        assertThat(options.jobs().gpuResource()).isEqualTo("amd.com/gpu");
        assertThat(options.jobs().backoffLimit()).isEqualTo(5);
        assertThat(options.leaderElection().leaseNamespace()).isEqualTo("ops");
        assertThat(options.leaderElection().identity()).isEqualTo("replica-1");
        assertThat(options.leaderElection().leaseDuration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.leaderElection().exitOnLoss()).isTrue();
    }

    @Test
    void defaultsWatchEveryNamespaceWithoutLeaderElectionOnNvidiaGpus() {
        OperatorOptions options = parse().options();

        assertThat(options.namespaces()).isEmpty();
        assertThat(options.leaderElection()).isNull();
        assertThat(options.jobs().gpuResource()).isEqualTo("nvidia.com/gpu");
        assertThat(options.reconcileThreads())
                .isEqualTo(
                        OperatorOptions.THREADS_PER_CORE
                                * Runtime.getRuntime().availableProcessors());
    }

    @Test
    void reconcileThreadsCanBeSet() {
        assertThat(parse("--reconcile-threads", "3").options().reconcileThreads()).isEqualTo(3);
    }

    @Test
    void warmsUpByDefaultAndCanBeToldNotTo() {
        assertThat(parse().warmUpRounds).isEqualTo(WarmUp.DEFAULT_ROUNDS);
        assertThat(parse("--warm-up-rounds", "0").warmUpRounds).isZero();
    }

    @Test
    void negativeWarmUpRoundsAreAUsageError() {
        assertThat(usageErrorOf("--warm-up-rounds", "-1"))
                .contains("--warm-up-rounds must be 0 (none) or more");
    }

    @Test
    void informersWatchAgainATenthOfASecondAfterTheApiServerEndsAWatch() {
        assertThat(parse().clientConfig().getWatchReconnectInterval()).isEqualTo(100);
        assertThat(
                        parse("--watch-reconnect-interval", "PT2S")
                                .clientConfig()
                                .getWatchReconnectInterval())
                .isEqualTo(2000);
    }

    @Test
    void aZeroWatchReconnectIntervalIsAUsageError() {
        assertThat(usageErrorOf("--watch-reconnect-interval", "PT0S"))
                .contains("--watch-reconnect-interval must be longer than zero");
    }

    @Test
    void aWatchReconnectIntervalUnderAMillisecondIsAUsageError() {
        // The client counts whole milliseconds: 0.5 ms would be 0, a watch started again at once
        // and forever while the API server is down.
        assertThat(usageErrorOf("--watch-reconnect-interval", "PT0.0005S"))
                .contains("--watch-reconnect-interval must be longer than zero");
    }

    @Test
    void aWatchReconnectIntervalBeyondTheClientsMillisecondsIsAUsageError() {
        // More milliseconds than an int holds threw ArithmeticException from the client's config.
        assertThat(usageErrorOf("--watch-reconnect-interval", "PT1000000H"))
                .contains("--watch-reconnect-interval must be at most PT1M");
    }

    @Test
    void aWatchReconnectIntervalIsAtMostAMinute() {
        // fabric8 doubles it up to 32 times itself while attempts fail.
        assertThat(
                        parse("--watch-reconnect-interval", "PT1M")
                                .clientConfig()
                                .getWatchReconnectInterval())
                .isEqualTo(60_000);
        assertThat(usageErrorOf("--watch-reconnect-interval", "PT61S"))
                .contains("--watch-reconnect-interval must be at most PT1M, got PT1M1S");
    }

    @Test
    void aBadFlagValueIsAUsageErrorNamingTheProblem() {
        assertThat(usageErrorOf("--gpu-resource", "gpu"))
                .contains("nvidia.com/gpu")
                .contains("gpu");
    }
}
