package dev.distillery.nodeagent;

import dev.distillery.nodeagent.model.ClusterObjects;
import dev.distillery.nodeagent.model.CpuAssignment;
import dev.distillery.nodeagent.model.EnvResolver;
import dev.distillery.nodeagent.model.NodeFacts;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code distillery-node-agent}: registers a Node and runs the pods bound to it until stopped. */
@Command(
        name = "distillery-node-agent",
        mixinStandardHelpOptions = true,
        version = "distillery-node-agent 0.1.0",
        description =
                "A kubelet stand-in for the local cluster: runs pods from OCI archives with"
                        + " unshare and chroot (needs root).")
public final class NodeAgentCommand implements Callable<Integer> {

    static final String VERSION = "v0.1.0-distillery-node-agent";

    @Option(names = "--kubeconfig", required = true, description = "The agent's kubeconfig.")
    Path kubeconfig;

    @Option(
            names = "--node-name",
            defaultValue = "agent-0",
            description = "Default: ${DEFAULT-VALUE}.")
    String nodeName;

    @Option(names = "--cpu", description = "CPUs to advertise. Default: this machine's.")
    String cpu;

    @Option(names = "--memory", description = "Memory to advertise. Default: this machine's.")
    String memory;

    @Option(
            names = "--pods",
            defaultValue = "110",
            description = "Pods at most. Default: ${DEFAULT-VALUE}.")
    int pods;

    @Option(
            names = "--gpus",
            defaultValue = "0",
            description = "GPUs to advertise (none run here).")
    int gpus;

    @Option(
            names = "--gpu-resource",
            defaultValue = "nvidia.com/gpu",
            description = "Default: ${DEFAULT-VALUE}.")
    String gpuResource;

    @Option(names = "--images", required = true, description = "The folder of OCI archives.")
    Path images;

    @Option(
            names = "--image-cache",
            required = true,
            description = "Where images are unpacked, once per digest.")
    Path imageCache;

    @Option(names = "--state", required = true, description = "Pods' folders and logs go below it.")
    Path state;

    @Option(names = "--label", description = "A node label, KEY=VALUE (repeatable).")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(
            names = "--kubelet-port",
            defaultValue = "0",
            description =
                    "Serve containers' logs (the kubelet's /containerLogs) over HTTPS on this port"
                            + " of 127.0.0.1 and advertise it in the Node's status; 0: do not."
                            + " Needs --tls-keystore and --client-ca-file.")
    int kubeletPort;

    @Option(
            names = "--tls-keystore",
            description = "The serving key and certificate (PKCS12) of --kubelet-port.")
    Path tlsKeystore;

    @Option(
            names = "--tls-keystore-password-file",
            description = "A file holding the password of --tls-keystore. Default: none.")
    Path tlsKeystorePasswordFile;

    @Option(
            names = "--client-ca-file",
            description = "Accept only clients with a certificate issued by this CA (PEM).")
    Path clientCaFile;

    public static void main(String[] args) {
        System.exit(new CommandLine(new NodeAgentCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            URI server = URI.create(config.getMasterUrl());
            NodeFacts facts =
                    new NodeFacts(
                            nodeName,
                            "127.0.0.1",
                            server.getHost(),
                            server.getPort() > 0 ? server.getPort() : 443,
                            allocatable());
            ClusterObjects objects = objects(client);
            EnvResolver env = new EnvResolver(objects, facts);
            Volumes volumes =
                    new Volumes(objects, env, (pod, projection) -> token(client, pod, projection));
            AgentContext agent =
                    new AgentContext(
                            facts,
                            new ImageStore(images, imageCache),
                            env,
                            volumes,
                            new StatusReporter(client, facts.address()),
                            images,
                            Files.createDirectories(state.resolve("pods")),
                            Files.createDirectories(state.resolve("logs")),
                            new CpuAssignment(allowedCpus()));
            CountDownLatch stop = new CountDownLatch(1);
            try (NodeAgent node = new NodeAgent(client, agent, labels, VERSION, kubeletPort);
                    AutoCloseable logs = logServer(node, agent)) {
                Runtime.getRuntime()
                        .addShutdownHook(
                                new Thread(
                                        () -> {
                                            node.close();
                                            stop.countDown();
                                        }));
                node.start();
                stop.await();
            }
        }
        return 0;
    }

    /** The container-log server on --kubelet-port, or nothing to close when it is 0. */
    private AutoCloseable logServer(NodeAgent node, AgentContext agent)
            throws IOException, GeneralSecurityException {
        if (kubeletPort == 0) {
            return () -> {};
        }
        if (tlsKeystore == null || clientCaFile == null) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this),
                    "--kubelet-port needs --tls-keystore and --client-ca-file");
        }
        char[] password =
                tlsKeystorePasswordFile == null
                        ? new char[0]
                        : Files.readString(tlsKeystorePasswordFile).strip().toCharArray();
        return ContainerLogServer.start(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), kubeletPort),
                ServingTls.context(tlsKeystore, password, clientCaFile),
                node::pod,
                agent.logsDir());
    }

    private Map<String, Quantity> allocatable() throws IOException {
        Map<String, Quantity> amounts = new LinkedHashMap<>();
        amounts.put(
                "cpu",
                new Quantity(
                        cpu != null
                                ? cpu
                                : String.valueOf(Runtime.getRuntime().availableProcessors())));
        amounts.put("memory", new Quantity(memory != null ? memory : hostMemory()));
        amounts.put("pods", new Quantity(String.valueOf(pods)));
        amounts.put("ephemeral-storage", new Quantity("50Gi"));
        if (gpus > 0) {
            amounts.put(gpuResource, new Quantity(String.valueOf(gpus)));
        }
        return amounts;
    }

    /** The CPUs this process may run on (its affinity), which its containers share out. */
    private static List<Integer> allowedCpus() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Cpus_allowed_list:")) {
                return CpuAssignment.parseList(line.substring(line.indexOf(':') + 1));
            }
        }
        throw new IOException("/proc/self/status has no Cpus_allowed_list");
    }

    private static String hostMemory() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                return line.replaceAll("\\D+", "") + "Ki";
            }
        }
        return "4Gi";
    }

    private static ClusterObjects objects(KubernetesClient client) {
        return new ClusterObjects() {
            @Override
            public Optional<Secret> secret(String namespace, String name) {
                return Optional.ofNullable(
                        client.secrets().inNamespace(namespace).withName(name).get());
            }

            @Override
            public Optional<ConfigMap> configMap(String namespace, String name) {
                return Optional.ofNullable(
                        client.configMaps().inNamespace(namespace).withName(name).get());
            }
        };
    }

    /** A token for the pod's service account, bound to the pod, as the kubelet requests it. */
    private static String token(
            KubernetesClient client, Pod pod, ServiceAccountTokenProjection projection) {
        String account =
                pod.getSpec().getServiceAccountName() != null
                        ? pod.getSpec().getServiceAccountName()
                        : "default";
        TokenRequestBuilder request =
                new TokenRequestBuilder()
                        .withNewSpec()
                        .withExpirationSeconds(
                                projection.getExpirationSeconds() != null
                                        ? projection.getExpirationSeconds()
                                        : 3607L)
                        .withNewBoundObjectRef()
                        .withApiVersion("v1")
                        .withKind("Pod")
                        .withName(pod.getMetadata().getName())
                        .withUid(pod.getMetadata().getUid())
                        .endBoundObjectRef()
                        .endSpec();
        if (projection.getAudience() != null && !projection.getAudience().isBlank()) {
            request.editSpec().withAudiences(projection.getAudience()).endSpec();
        }
        TokenRequest issued =
                client.serviceAccounts()
                        .inNamespace(pod.getMetadata().getNamespace())
                        .withName(account)
                        .tokenRequest(request.build());
        return issued.getStatus().getToken();
    }
}
