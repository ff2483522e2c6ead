package dev.distillery.nodeagent;

import dev.distillery.nodeagent.model.Admission;
import dev.distillery.nodeagent.model.NodeFacts;
import dev.distillery.nodeagent.model.NodeModel;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent: registers its Node, keeps it Ready (status heartbeat and Lease every 10 s), and
 * runs every pod bound to it through a {@link PodWorker}: admitted by resources, stopped and then
 * deleted for good when the pod is deleted. Pods it finds running from a previous agent process
 * lost their containers with it and are reported Failed.
 */
final class NodeAgent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);
    private static final Duration HEARTBEAT = Duration.ofSeconds(10);
    private static final Duration MAX_GRACE = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final AgentContext agent;
    private final Map<String, String> labels;
    private final String version;
    private final int kubeletPort;
    private final Map<String, PodWorker> workers = new ConcurrentHashMap<>();

    /** Pods whose worker ended: a late event showing them still running must not restart them. */
    private final Set<String> finished = ConcurrentHashMap.newKeySet();

    private volatile boolean closing;
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor();
    private volatile SharedIndexInformer<Pod> informer;
    private String readySince;

    NodeAgent(
            KubernetesClient client,
            AgentContext agent,
            Map<String, String> labels,
            String version,
            int kubeletPort) {
        this.client = client;
        this.agent = agent;
        this.labels = labels;
        this.version = version;
        this.kubeletPort = kubeletPort;
    }

    /** A pod bound to this node as the informer last saw it; empty before {@link #start()}. */
    Optional<Pod> pod(String namespace, String name) {
        SharedIndexInformer<Pod> pods = informer;
        return pods == null
                ? Optional.empty()
                : Optional.ofNullable(pods.getStore().getByKey(namespace + "/" + name));
    }

    /** Registers the node, starts the heartbeat and the pod informer. */
    void start() {
        NodeFacts facts = agent.facts();
        Node existing = client.nodes().withName(facts.name()).get();
        if (existing == null) {
            client.nodes().resource(NodeModel.node(facts, labels)).create();
        } else {
            client.nodes()
                    .withName(facts.name())
                    .edit(
                            n -> {
                                n.getMetadata()
                                        .getLabels()
                                        .putAll(
                                                NodeModel.node(facts, labels)
                                                        .getMetadata()
                                                        .getLabels());
                                return n;
                            });
        }
        readySince = AgentContext.now();
        beat();
        heartbeat.scheduleAtFixedRate(
                this::beat, HEARTBEAT.toSeconds(), HEARTBEAT.toSeconds(), TimeUnit.SECONDS);
        informer =
                client.pods()
                        .inAnyNamespace()
                        .withField("spec.nodeName", facts.name())
                        .inform(handler(), Duration.ofMinutes(1).toMillis());
        LOG.info("event=NodeRegistered node={} allocatable={}", facts.name(), facts.allocatable());
    }

    private void beat() {
        NodeFacts facts = agent.facts();
        try {
            String now = AgentContext.now();
            String status =
                    Serialization.asJson(
                            NodeModel.status(facts, version, now, readySince, kubeletPort));
            client.nodes()
                    .withName(facts.name())
                    .subresource("status")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":" + status + "}");
            ZonedDateTime renew = ZonedDateTime.now(ZoneOffset.UTC);
            client.leases()
                    .inNamespace("kube-node-lease")
                    .resource(NodeModel.lease(facts, renew))
                    .serverSideApply();
        } catch (KubernetesClientException e) {
            LOG.warn("event=HeartbeatFailed node={} error={}", facts.name(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("event=HeartbeatFailed node={} error={}", facts.name(), e.toString());
        }
    }

    private ResourceEventHandler<Pod> handler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                sync(pod);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                sync(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean unknownFinalState) {
                PodWorker worker = workers.get(pod.getMetadata().getUid());
                if (worker != null) {
                    new Thread(() -> worker.stop(Duration.ZERO)).start();
                }
                finished.remove(pod.getMetadata().getUid());
            }
        };
    }

    /** Brings a pod bound to this node where it should be. Never blocks the informer. */
    private synchronized void sync(Pod pod) {
        String uid = pod.getMetadata().getUid();
        PodWorker worker = workers.get(uid);
        String phase = pod.getStatus() != null ? pod.getStatus().getPhase() : null;
        boolean terminal = "Succeeded".equals(phase) || "Failed".equals(phase);
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            if (worker == null) {
                agent.reporter().delete(pod);
            } else if (!worker.deleting()) {
                Duration grace = grace(pod);
                new Thread(() -> worker.stop(grace), "stop-" + pod.getMetadata().getName()).start();
            }
            return;
        }
        if (worker != null) {
            worker.update(pod);
            return;
        }
        if (terminal || finished.contains(uid)) {
            return;
        }
        if (pod.getStatus() != null && pod.getStatus().getStartTime() != null) {
            // Started by an earlier agent process: its containers died with that process.
            agent.reporter()
                    .reject(
                            pod,
                            "NodeAgentRestarted",
                            "the node agent restarted and its containers are gone");
            return;
        }
        List<Pod> admitted =
                workers.values().stream().filter(PodWorker::active).map(PodWorker::pod).toList();
        Optional<String[]> refusal = Admission.refuse(pod, admitted, agent.facts().allocatable());
        if (refusal.isPresent()) {
            LOG.info(
                    "event=PodRejected pod={}/{} reason={} message=\"{}\"",
                    pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName(),
                    refusal.get()[0],
                    refusal.get()[1]);
            agent.reporter().reject(pod, refusal.get()[0], refusal.get()[1]);
            return;
        }
        PodWorker created = new PodWorker(pod, agent);
        workers.put(uid, created);
        Thread thread =
                new Thread(
                        () -> {
                            try {
                                created.run();
                            } finally {
                                finished.add(uid);
                                workers.remove(uid);
                                if (created.deleting() && !closing) {
                                    agent.reporter().delete(pod);
                                }
                            }
                        },
                        "pod-" + pod.getMetadata().getName());
        thread.start();
        LOG.info(
                "event=PodAdmitted pod={}/{}",
                pod.getMetadata().getNamespace(),
                pod.getMetadata().getName());
    }

    private static Duration grace(Pod pod) {
        Long seconds = pod.getMetadata().getDeletionGracePeriodSeconds();
        if (seconds == null) {
            seconds = pod.getSpec().getTerminationGracePeriodSeconds();
        }
        Duration grace = Duration.ofSeconds(seconds != null ? seconds : 30);
        return grace.compareTo(MAX_GRACE) > 0 ? MAX_GRACE : grace;
    }

    /** Stops every pod's containers at once; the cluster's state is left as it is. */
    @Override
    public void close() {
        closing = true;
        heartbeat.shutdownNow();
        if (informer != null) {
            informer.close();
        }
        workers.values().parallelStream().forEach(w -> w.stop(Duration.ofSeconds(2)));
    }
}
