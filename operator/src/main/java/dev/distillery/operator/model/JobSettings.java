package dev.distillery.operator.model;

/**
 * What the operator decides about every step Job rather than the spec: the step image when the spec
 * names none, the extended resource that counts GPUs, and how often a failing pod is retried.
 *
 * @param defaultImage the step image used when {@code spec.image} is absent
 * @param gpuResource the extended resource name of a GPU, such as {@code nvidia.com/gpu}
 * @param backoffLimit retries of a failing step pod (disruptions and bad input excluded)
 */
public record JobSettings(String defaultImage, String gpuResource, int backoffLimit) {

    /** The GPU resource of NVIDIA's device plugin. */
    public static final String NVIDIA_GPU = "nvidia.com/gpu";

    /** The step image images/build makes from this repository (images/images.env). */
    public static final String DEFAULT_IMAGE = "localhost/distillery-step:0.1.0";

    /** Two retries, the usual default for a batch step. */
    public static final int DEFAULT_BACKOFF_LIMIT = 2;

    /** Defaults: the project's step image, NVIDIA GPUs, two retries. */
    public static final JobSettings DEFAULTS =
            new JobSettings(DEFAULT_IMAGE, NVIDIA_GPU, DEFAULT_BACKOFF_LIMIT);

    public JobSettings {
        if (defaultImage == null || defaultImage.isBlank()) {
            throw new IllegalArgumentException("the default step image must not be blank");
        }
        if (gpuResource == null || !gpuResource.contains("/")) {
            throw new IllegalArgumentException(
                    "the GPU resource must be an extended resource name such as nvidia.com/gpu, not "
                            + gpuResource);
        }
        if (backoffLimit < 0) {
            throw new IllegalArgumentException("the backoff limit must be >= 0");
        }
    }
}
