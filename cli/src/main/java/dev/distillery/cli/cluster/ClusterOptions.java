package dev.distillery.cli.cluster;

import dev.distillery.api.Distillation;
import dev.distillery.contract.DistilleryException;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every cluster command shares, as kubectl spells them: the kubeconfig (or the pod's
 * in-cluster config) and the namespace (default: the kubeconfig context's, or the pod's).
 */
public final class ClusterOptions {

    private static final String QUIET_VERSION_WARNING =
            "org.slf4j.simpleLogger.log.io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils";

    @Option(
            names = {"-n", "--namespace"},
            paramLabel = "NAMESPACE",
            description = "The namespace; default the current context's (in a pod: the pod's).")
    String namespace;

    @Option(
            names = "--kubeconfig",
            paramLabel = "FILE",
            description = "The kubeconfig; default $KUBECONFIG, ~/.kube/config or in-cluster.")
    Path kubeconfig;

    /** A client for the configured cluster; close it. */
    public KubernetesClient client() {
        // fabric8 warns on every v1alpha1 request; a command line keeps stderr for its own
        // message (slf4j-simple reads a logger's level when the logger is first used).
        if (System.getProperty(QUIET_VERSION_WARNING) == null) {
            System.setProperty(QUIET_VERSION_WARNING, "error");
        }
        Config config;
        if (kubeconfig != null) {
            if (!Files.isReadable(kubeconfig)) {
                throw DistilleryException.badInput("cannot read the kubeconfig " + kubeconfig);
            }
            try {
                config = Config.fromKubeconfig(Files.readString(kubeconfig));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            config = Config.autoConfigure(null);
        }
        // A command line reports an unreachable cluster in seconds, not after ten retries.
        config.setRequestRetryBackoffLimit(2);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** The namespace the command acts in. */
    public String namespace(KubernetesClient client) {
        if (namespace != null) {
            return namespace;
        }
        String configured = client.getNamespace();
        return configured == null || configured.isBlank() ? "default" : configured;
    }

    /** Distillations in the command's namespace. */
    public NonNamespaceOperation<
                    Distillation, KubernetesResourceList<Distillation>, Resource<Distillation>>
            distillations(KubernetesClient client) {
        return all(client).inNamespace(namespace(client));
    }

    /** Distillations in every namespace. */
    public static MixedOperation<
                    Distillation, KubernetesResourceList<Distillation>, Resource<Distillation>>
            all(KubernetesClient client) {
        return client.resources(Distillation.class);
    }

    /** The Distillation {@code name}, or a bad-input failure naming the namespace. */
    public Distillation get(KubernetesClient client, String name) {
        Distillation found = call(() -> distillations(client).withName(name).get());
        if (found == null) {
            throw DistilleryException.badInput(
                    "no Distillation " + name + " in namespace " + namespace(client));
        }
        return found;
    }

    /**
     * Runs one API call; an unreachable cluster is a transient failure, a refusal (forbidden,
     * invalid) bad input, each with the server's own message.
     */
    public static <T> T call(java.util.function.Supplier<T> request) {
        try {
            return request.get();
        } catch (KubernetesClientTimeoutException e) {
            throw e;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 0 || e.getCode() >= 500 || causedByIo(e)) {
                throw new DistilleryException(
                        dev.distillery.contract.ExitCodes.TRANSIENT,
                        "cannot reach the cluster: " + rootMessage(e),
                        e);
            }
            String message =
                    e.getStatus() != null && e.getStatus().getMessage() != null
                            ? e.getStatus().getMessage()
                            : e.getMessage();
            throw DistilleryException.badInput(message, e);
        }
    }

    private static boolean causedByIo(Throwable e) {
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
