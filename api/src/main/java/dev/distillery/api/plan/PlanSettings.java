package dev.distillery.api.plan;

import dev.distillery.api.spec.DatasetSpec;
import dev.distillery.api.spec.DistillationSpec;
import dev.distillery.contract.DistilleryException;
import java.util.Map;

/**
 * What the planner needs beyond the spec: where artifacts go when the spec names no storage (the
 * local runner's run folder) and where named datasets live on the machine that runs the steps.
 *
 * @param defaultStorage the artifact root when {@code spec.storage} is absent, or {@code null}
 * @param datasets URIs of named datasets that override {@link #DATASET_ROOT}{@code /<name>}
 */
public record PlanSettings(String defaultStorage, Map<String, String> datasets) {

    /** Where the step image (and Debian's dataset packages) keep named datasets. */
    public static final String DATASET_ROOT = "file:///usr/share/datasets";

    /** Settings for a cluster: storage from the spec, named datasets from the step image. */
    public static final PlanSettings CLUSTER = new PlanSettings(null, Map.of());

    public PlanSettings {
        datasets = Map.copyOf(datasets);
    }

    /** Settings with {@code storage} as the artifact root when the spec names none. */
    public static PlanSettings withDefaultStorage(String storage) {
        return new PlanSettings(storage, Map.of());
    }

    /** The artifact root for {@code spec}, without a trailing slash. */
    public String storage(DistillationSpec spec) {
        String root = spec.storage() != null ? spec.storage().uri() : defaultStorage;
        if (root == null) {
            throw DistilleryException.badInput(
                    "spec.storage.uri: is required here (an s3:// URI on a cluster)");
        }
        return root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    /** The URI the steps read {@code dataset} from. */
    public String dataUri(DatasetSpec dataset) {
        if (dataset.uri() != null) {
            return dataset.uri();
        }
        return datasets.getOrDefault(dataset.name(), DATASET_ROOT + "/" + dataset.name());
    }
}
