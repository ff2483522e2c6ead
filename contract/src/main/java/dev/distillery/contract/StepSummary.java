package dev.distillery.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a finished step reports about itself, as one line of JSON: written to the container's
 * termination-message file (so the operator reads results without storage access) and kept in the
 * step's {@code metrics.json}. Kubernetes keeps at most 4 KiB of a termination message, so this
 * holds scalars only; per-class figures and curves live in {@code metrics.json}.
 *
 * @param step the step command: {@code train}, {@code soft-labels}, {@code evaluate}, {@code
 *     report}
 * @param artifact the URI of the artifact the step wrote
 * @param accuracy top-1 accuracy on the held-out split the step evaluated, if any
 * @param parameters trainable parameter count of the model, if any
 * @param epochs epochs completed, if the step trains
 * @param samples samples processed (soft labels: samples labelled), if relevant
 * @param seconds wall-clock seconds the step took (a sharded step: the sum over its shards)
 * @param resumed whether the step continued from a checkpoint
 * @param metrics further named scalar metrics (for example {@code loss}, {@code testAccuracy})
 * @param reused whether the step found its artifact already complete and did not run: the artifact
 *     was written by an earlier run, possibly another Distillation's (see {@link #reusedFrom})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StepSummary(
        String step,
        String artifact,
        Double accuracy,
        Long parameters,
        Integer epochs,
        Long samples,
        double seconds,
        boolean resumed,
        Map<String, Double> metrics,
        boolean reused) {

    private static final ObjectMapper JSON =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** A summary of a step that ran ({@code reused} false). */
    public StepSummary(
            String step,
            String artifact,
            Double accuracy,
            Long parameters,
            Integer epochs,
            Long samples,
            double seconds,
            boolean resumed,
            Map<String, Double> metrics) {
        this(
                step,
                artifact,
                accuracy,
                parameters,
                epochs,
                samples,
                seconds,
                resumed,
                metrics,
                false);
    }

    /**
     * The summary a step reports when it finds its artifact in {@code folder} already complete and
     * does not run: the one kept in its {@code metrics.json}, marked {@code reused}. The one rule
     * by which every runner (a step pod on the cluster, the local runner before it launches a step)
     * tells a reused artifact from one it wrote, which decides what {@code cleanupPolicy: Delete}
     * may delete.
     */
    public static StepSummary reusedFrom(Path folder) {
        Path metrics = folder.resolve(ArtifactFiles.METRICS);
        try {
            JsonNode summary = JSON.readTree(metrics.toFile()).path("summary");
            return JSON.treeToValue(summary, StepSummary.class).asReused();
        } catch (IOException e) {
            throw DistilleryException.badInput(
                    metrics + " of a complete artifact cannot be read: " + e.getMessage(), e);
        }
    }

    /** This summary as reported by a step that did not run because its artifact was complete. */
    public StepSummary asReused() {
        return new StepSummary(
                step,
                artifact,
                accuracy,
                parameters,
                epochs,
                samples,
                seconds,
                resumed,
                metrics,
                true);
    }

    /**
     * The one rule by which every runner reads a step run as shards, from each shard's summary in
     * shard order: the samples and seconds of every shard added up (the work the step did, however
     * the runner placed its shards), the first shard's accuracy, parameters, epochs and metrics
     * (only the first shard scores the whole teacher), resumed when any shard resumed, reused only
     * when every shard was (a shard written by this run makes the artifact partly its own), and
     * {@code artifact} (the step's output; {@code null}: the runner knows it). One shard is
     * returned as it is.
     */
    public static StepSummary ofShards(List<StepSummary> shards, String artifact) {
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("a step has at least one shard");
        }
        if (shards.size() == 1) {
            return shards.get(0);
        }
        long samples = 0;
        double seconds = 0;
        boolean resumed = false;
        boolean reused = true;
        for (StepSummary shard : shards) {
            samples += shard.samples() != null ? shard.samples() : 0;
            seconds += shard.seconds();
            resumed |= shard.resumed();
            reused &= shard.reused();
        }
        StepSummary first = shards.get(0);
        return new StepSummary(
                first.step(),
                artifact,
                first.accuracy(),
                first.parameters(),
                first.epochs(),
                samples,
                seconds,
                resumed,
                first.metrics(),
                reused);
    }

    /** This summary as one line of JSON. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a step summary", e);
        }
    }

    /** Reads a summary written by {@link #toJson()}; unknown fields are ignored. */
    public static StepSummary fromJson(String json) {
        try {
            return JSON.readValue(json, StepSummary.class);
        } catch (JsonProcessingException e) {
            throw DistilleryException.badInput("not a step summary: " + e.getOriginalMessage(), e);
        }
    }
}
