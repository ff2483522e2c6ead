package dev.distillery.nodeagent.model;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Node the agent registers, its status (capacity, Ready with a fresh heartbeat, addresses) and
 * its Lease in {@code kube-node-lease}, which the node lifecycle controller watches. Pure.
 */
public final class NodeModel {

    /** The label every node of the agent carries, so tests and people can find them. */
    public static final String AGENT_LABEL = "distillery.dev/node-agent";

    /** How long the Lease is valid without renewal; the agent renews it every 10 s. */
    public static final int LEASE_SECONDS = 40;

    private NodeModel() {}

    /** The Node object, without status. */
    public static Node node(NodeFacts facts, Map<String, String> labels) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("kubernetes.io/hostname", facts.name());
        all.put("kubernetes.io/os", "linux");
        all.put("kubernetes.io/arch", "amd64");
        all.put("node.kubernetes.io/instance-type", "distillery-node-agent");
        all.put(AGENT_LABEL, "true");
        all.putAll(labels);
        return new NodeBuilder()
                .withNewMetadata()
                .withName(facts.name())
                .withLabels(all)
                .endMetadata()
                .withNewSpec()
                .endSpec()
                .build();
    }

    /**
     * The node's status at {@code now}: Ready, with its capacity, its addresses and the port of its
     * container-log server (0: none), where the API server reaches it for {@code pods/log}.
     */
    public static NodeStatus status(
            NodeFacts facts, String version, String now, String since, int kubeletPort) {
        return new NodeStatusBuilder()
                .withCapacity(facts.allocatable())
                .withAllocatable(facts.allocatable())
                .withConditions(
                        condition(
                                "Ready",
                                "True",
                                "KubeletReady",
                                "the node agent is running",
                                now,
                                since),
                        condition(
                                "MemoryPressure",
                                "False",
                                "KubeletHasSufficientMemory",
                                "",
                                now,
                                since),
                        condition(
                                "DiskPressure",
                                "False",
                                "KubeletHasNoDiskPressure",
                                "",
                                now,
                                since),
                        condition(
                                "PIDPressure", "False", "KubeletHasSufficientPID", "", now, since))
                .addNewAddress()
                .withType("InternalIP")
                .withAddress(facts.address())
                .endAddress()
                .addNewAddress()
                .withType("Hostname")
                .withAddress(facts.name())
                .endAddress()
                .withNewDaemonEndpoints()
                .withNewKubeletEndpoint()
                .withPort(kubeletPort)
                .endKubeletEndpoint()
                .endDaemonEndpoints()
                .withNewNodeInfo()
                .withArchitecture("amd64")
                .withOperatingSystem("linux")
                .withOsImage("distillery node agent (unshare + chroot)")
                .withKernelVersion(System.getProperty("os.version", ""))
                .withContainerRuntimeVersion("distillery-node-agent://" + version)
                .withKubeletVersion(version)
                .withKubeProxyVersion("")
                .withMachineID(facts.name())
                .withSystemUUID(facts.name())
                .withBootID(facts.name())
                .endNodeInfo()
                .build();
    }

    /** The node's Lease, renewed at {@code now}. */
    public static Lease lease(NodeFacts facts, ZonedDateTime now) {
        return new LeaseBuilder()
                .withNewMetadata()
                .withName(facts.name())
                .withNamespace("kube-node-lease")
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity(facts.name())
                .withLeaseDurationSeconds(LEASE_SECONDS)
                .withRenewTime(now)
                .endSpec()
                .build();
    }

    private static NodeCondition condition(
            String type, String status, String reason, String message, String now, String since) {
        return new NodeConditionBuilder()
                .withType(type)
                .withStatus(status)
                .withReason(reason)
                .withMessage(message)
                .withLastHeartbeatTime(now)
                .withLastTransitionTime(since)
                .build();
    }
}
