package dev.distillery.api.spec;

import java.util.List;

/**
 * The names the operator gives what it puts into every step pod itself: environment variables,
 * volumes and mount paths. {@code spec.pod} and {@code spec.stages[].pod} may not reuse them, so a
 * user's setting never silently shadows the operator's or is shadowed by it.
 */
public final class ReservedNames {

    /** The step's home, scratch files and DJL cache: an emptyDir. */
    public static final String SCRATCH_VOLUME = "scratch";

    /** Where the scratch volume is mounted. */
    public static final String SCRATCH_PATH = "/scratch";

    /** The writable /tmp of a read-only root filesystem: an emptyDir. */
    public static final String TMP_VOLUME = "tmp";

    /** Where the tmp volume is mounted. */
    public static final String TMP_PATH = "/tmp";

    /** Index of a pod of a sharded (Indexed) step. */
    public static final String JOB_COMPLETION_INDEX = "JOB_COMPLETION_INDEX";

    /** The S3 endpoint from {@code storage.endpoint}. */
    public static final String AWS_ENDPOINT_URL = "AWS_ENDPOINT_URL";

    /** The S3 region from {@code storage.region}. */
    public static final String AWS_REGION = "AWS_REGION";

    /** The addressing style from {@code storage.addressingStyle}. */
    public static final String S3_ADDRESSING_STYLE = "DISTILLERY_S3_ADDRESSING_STYLE";

    /** The access key from {@code storage.credentialsSecret}. */
    public static final String AWS_ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";

    /** The secret key from {@code storage.credentialsSecret}. */
    public static final String AWS_SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";

    /** Every environment variable the operator may set in a step container. */
    public static final List<String> ENV =
            List.of(
                    "HOME",
                    "TMPDIR",
                    "DJL_CACHE_DIR",
                    "ENGINE_CACHE_DIR",
                    JOB_COMPLETION_INDEX,
                    AWS_ENDPOINT_URL,
                    AWS_REGION,
                    S3_ADDRESSING_STYLE,
                    AWS_ACCESS_KEY_ID,
                    AWS_SECRET_ACCESS_KEY);

    /** The operator's volumes. */
    public static final List<String> VOLUMES = List.of(SCRATCH_VOLUME, TMP_VOLUME);

    /** The operator's mount paths. */
    public static final List<String> MOUNT_PATHS = List.of(SCRATCH_PATH, TMP_PATH);

    private ReservedNames() {}
}
