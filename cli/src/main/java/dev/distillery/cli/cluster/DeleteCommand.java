package dev.distillery.cli.cluster;

import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code delete NAME}: deletes a Distillation (its Jobs go with it; artifacts follow its
 * cleanupPolicy) and waits until it is gone.
 */
@Command(
        name = "delete",
        mixinStandardHelpOptions = true,
        description = "Delete a Distillation and wait until it is gone (its Jobs go with it).")
public final class DeleteCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ClusterOptions cluster;

    @Parameters(paramLabel = "NAME", description = "The Distillation.")
    String name;

    @Option(
            names = "--timeout",
            defaultValue = "60s",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description = "Longest wait for the deletion to finish. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Override
    public Integer call() {
        try (KubernetesClient client = cluster.client()) {
            cluster.get(client, name);
            ClusterOptions.call(() -> cluster.distillations(client).withName(name).delete());
            try {
                ClusterOptions.call(
                        () ->
                                cluster.distillations(client)
                                        .withName(name)
                                        .waitUntilCondition(
                                                d -> d == null,
                                                timeout.toMillis(),
                                                TimeUnit.MILLISECONDS));
            } catch (KubernetesClientTimeoutException e) {
                throw new DistilleryException(
                        ExitCodes.TRANSIENT,
                        "Distillation "
                                + name
                                + " is still being deleted after "
                                + timeout
                                + " (its finalizer waits for the operator)",
                        e);
            }
            spec.commandLine().getOut().println("distillation.distillery.dev/" + name + " deleted");
            return ExitCodes.OK;
        }
    }
}
