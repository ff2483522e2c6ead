package dev.distillery.operator.model;

import java.time.Duration;

/**
 * What the operator decides about every step Job rather than the spec: the step image when the spec
 * names none, the extended resource that counts GPUs, and how often a failing pod is retried.
 *
 * @param defaultImage the step image used when {@code spec.image} is absent
 * @param gpuResource the extended resource name of a GPU, such as {@code nvidia.com/gpu}
 * @param backoffLimit retries of a failing step pod (disruptions and bad input excluded)
 * @param podStartTimeout how long a step's pod may be unable to start (its image cannot be pulled,
 *     a Secret it names is missing) before the step fails
 */
public record JobSettings(
        String defaultImage, String gpuResource, int backoffLimit, Duration podStartTimeout) {

    /** The GPU resource of NVIDIA's device plugin. */
    public static final String NVIDIA_GPU = "nvidia.com/gpu";

    /** The step image images/build makes from this repository (images/images.env). */
    public static final String DEFAULT_IMAGE = "localhost/distillery-step:0.1.0";

    /** Two retries, the usual default for a batch step. */
    public static final int DEFAULT_BACKOFF_LIMIT = 2;

    /** Five minutes: long enough for a slow image pull, short enough not to hang a run. */
    public static final Duration DEFAULT_POD_START_TIMEOUT = Duration.ofMinutes(5);

    /** Defaults: the project's step image, NVIDIA GPUs, two retries, five minutes to start. */
    public static final JobSettings DEFAULTS =
            new JobSettings(
                    DEFAULT_IMAGE, NVIDIA_GPU, DEFAULT_BACKOFF_LIMIT, DEFAULT_POD_START_TIMEOUT);

    /** Settings with the default pod start timeout. */
    public JobSettings(String defaultImage, String gpuResource, int backoffLimit) {
        this(defaultImage, gpuResource, backoffLimit, DEFAULT_POD_START_TIMEOUT);
    }

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
        if (podStartTimeout == null || podStartTimeout.isNegative() || podStartTimeout.isZero()) {
            throw new IllegalArgumentException("the pod start timeout must be positive");
        }
    }
}
