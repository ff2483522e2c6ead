package dev.distillery.api.validation;

import dev.distillery.api.Distillation;
import dev.distillery.api.spec.ComputeResources;
import dev.distillery.api.spec.DatasetSpec;
import dev.distillery.api.spec.DistillationSpec;
import dev.distillery.api.spec.Precision;
import dev.distillery.api.spec.SoftLabelsSpec;
import dev.distillery.api.spec.StageResources;
import dev.distillery.api.spec.StorageSpec;
import java.util.List;

/**
 * Checks a whole Distillation and returns every problem with its field path: each rule the CRD
 * enforces at admission, and those it cannot (model spec syntax, derived names, sweep duplicates).
 */
public final class Validation {

    /** The datasets the step image provides by name. */
    public static final List<String> DATASET_NAMES = List.of("fashion-mnist", "mnist");

    private static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    private Validation() {}

    /** Every problem of {@code distillation}; empty when it can run. */
    public static List<FieldError> validate(Distillation distillation) {
        Problems problems = new Problems();
        String name =
                distillation.getMetadata() != null ? distillation.getMetadata().getName() : null;
        if (name == null || name.isBlank()) {
            problems.add("metadata.name", "is required");
        } else if (name.length() > 63 || !name.matches(DNS_LABEL)) {
            problems.add(
                    "metadata.name",
                    "'"
                            + name
                            + "' must be a DNS-1123 label: at most 63 lowercase letters, digits"
                            + " and '-', starting and ending with a letter or digit");
        }
        DistillationSpec spec = distillation.getSpec();
        if (spec == null) {
            problems.add("spec", "is required");
            return problems.list();
        }
        validate(spec, problems);
        return problems.list();
    }

    /** Throws an {@link InvalidDistillationException} listing every problem, if there is any. */
    public static void check(Distillation distillation, String source) {
        List<FieldError> errors = validate(distillation);
        if (!errors.isEmpty()) {
            throw new InvalidDistillationException(source, errors);
        }
    }

    static void validate(DistillationSpec spec, Problems problems) {
        dataset(spec.dataset(), problems);
        storage(spec.storage(), problems);
        TeacherValidation.teacher(spec.teacher(), problems.at("spec.teacher"));
        softLabels(spec.softLabels(), problems);
        StudentsValidation.students(spec, problems);
        OnlineValidation.online(spec, problems);
        PackedValidation.packs(spec, problems);
        problems.range("spec.parallelism", spec.parallelism(), 1, 64);
        if (spec.image() != null && (spec.image().isBlank() || spec.image().length() > 512)) {
            problems.add("spec.image", "must be a container image reference of 1 to 512 chars");
        }
        resources(spec.resources(), problems);
        PodValidation.pod(spec, problems);
        problems.dnsSubdomain("spec.queueName", spec.queueName());
        if (spec.ttlSecondsAfterFinished() != null && spec.ttlSecondsAfterFinished() < 0) {
            problems.add("spec.ttlSecondsAfterFinished", "must not be negative");
        }
    }

    private static void dataset(DatasetSpec dataset, Problems problems) {
        if (dataset == null) {
            problems.add("spec.dataset", "is required: set dataset.name or dataset.uri");
            return;
        }
        if ((dataset.name() == null) == (dataset.uri() == null)) {
            problems.add("spec.dataset", "set exactly one of name and uri");
        }
        if (dataset.name() != null && !DATASET_NAMES.contains(dataset.name())) {
            problems.add(
                    "spec.dataset.name",
                    "unknown dataset '"
                            + dataset.name()
                            + "': use one of "
                            + String.join(", ", DATASET_NAMES)
                            + ", or give dataset.uri");
        }
        problems.uri("spec.dataset.uri", dataset.uri());
        if (dataset.limit() != null && dataset.limit() < 1) {
            problems.add("spec.dataset.limit", "must be at least 1");
        }
    }

    private static void storage(StorageSpec storage, Problems problems) {
        if (storage == null) {
            return;
        }
        if (storage.uri() == null) {
            problems.add("spec.storage.uri", "is required: a file:// or s3:// URI");
        }
        problems.uri("spec.storage.uri", storage.uri());
        if (storage.endpoint() != null && !storage.endpoint().matches("^https?://.+")) {
            problems.add(
                    "spec.storage.endpoint",
                    "'" + storage.endpoint() + "' must be an http:// or https:// URL");
        }
        problems.dnsSubdomain("spec.storage.credentialsSecret", storage.credentialsSecret());
        if (storage.region() != null && !storage.region().matches(StorageSpec.REGION)) {
            problems.add(
                    "spec.storage.region",
                    "'" + storage.region() + "' is not a region name such as eu-central-1");
        }
        if (storage.addressingStyle() != null
                && !storage.addressingStyle().matches(StorageSpec.ADDRESSING_STYLE)) {
            problems.add(
                    "spec.storage.addressingStyle",
                    "'" + storage.addressingStyle() + "' is not one of path, virtual or auto");
        }
        if (storage.uri() != null
                && storage.uri().startsWith("file://")
                && (storage.endpoint() != null || storage.credentialsSecret() != null)) {
            problems.add(
                    "spec.storage",
                    "endpoint and credentialsSecret apply to s3:// storage only, not "
                            + storage.uri());
        }
    }

    private static void softLabels(SoftLabelsSpec softLabels, Problems problems) {
        problems.range("spec.softLabels.shards", softLabels.shards(), 1, SoftLabelsSpec.MAX_SHARDS);
        if (!softLabels.consistent()) {
            return;
        }
        String why = "applies to stored soft labels; mode consistent has no soft-labels step";
        if (softLabels.views() != null) {
            problems.add(
                    "spec.softLabels.views",
                    "applies to stored soft labels; mode consistent labels a fresh view of every"
                            + " batch (set the students' training.augment instead)");
        }
        if (softLabels.shards() > 1) {
            problems.add("spec.softLabels.shards", why);
        }
        if (softLabels.precision() != Precision.FP32) {
            problems.add("spec.softLabels.precision", why);
        }
        if (softLabels.calibrate()) {
            problems.add("spec.softLabels.calibrate", why);
        }
    }

    private static void resources(StageResources resources, Problems problems) {
        compute("spec.resources.teacher", resources.teacher(), problems);
        compute("spec.resources.softLabels", resources.softLabels(), problems);
        compute("spec.resources.students", resources.students(), problems);
        compute("spec.resources.report", resources.report(), problems);
        compute("spec.resources.online", resources.online(), problems);
        compute("spec.resources.packed", resources.packed(), problems);
    }

    private static void compute(String path, ComputeResources compute, Problems problems) {
        if (compute == null) {
            return;
        }
        if (compute.cpu() != null && !compute.cpu().matches(ComputeResources.CPU_PATTERN)) {
            problems.add(
                    path + ".cpu", "'" + compute.cpu() + "' is not a CPU quantity (2, 0.5, 500m)");
        }
        if (compute.memory() != null
                && !compute.memory().matches(ComputeResources.MEMORY_PATTERN)) {
            problems.add(
                    path + ".memory",
                    "'" + compute.memory() + "' is not a memory quantity (4Gi, 512Mi)");
        }
        problems.range(path + ".gpu", compute.gpu(), 0, 16);
    }
}
