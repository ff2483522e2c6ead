package dev.distillery.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * Where a Distillation's artifacts live. Credentials are never part of the spec: on a cluster they
 * come from a Secret the step pods read through environment variables.
 *
 * @param uri the artifact root
 * @param endpoint the S3 endpoint
 * @param credentialsSecret the Secret holding S3 credentials
 * @param region the S3 signing region
 * @param addressingStyle path-style or virtual-host bucket addressing
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StorageSpec(
        @Required
                @Size(max = 1024)
                @Pattern("^(file|s3)://.+")
                @JsonPropertyDescription(
                        "The artifact root: file:///path or s3://bucket/prefix. Each step writes"
                                + " to <uri>/<stage>/<key>, so Distillations sharing a root reuse"
                                + " each other's identical steps.")
                String uri,
        @Size(max = 1024)
                @Pattern("^https?://.+")
                @JsonPropertyDescription(
                        "The S3 endpoint URL (for example http://minio.storage:9000); AWS when"
                                + " absent.")
                String endpoint,
        @Size(max = 253)
                @Pattern(DistillationSpec.DNS_SUBDOMAIN)
                @JsonPropertyDescription(
                        "A Secret in the Distillation's namespace with keys AWS_ACCESS_KEY_ID and"
                                + " AWS_SECRET_ACCESS_KEY, passed to steps by secretKeyRef.")
                String credentialsSecret,
        @Size(max = 64)
                @Pattern(REGION)
                @JsonPropertyDescription(
                        "The S3 signing region (for example eu-central-1), passed to steps as"
                                + " AWS_REGION; us-east-1 when absent.")
                String region,
        @Pattern(ADDRESSING_STYLE)
                @JsonPropertyDescription(
                        "path (http://endpoint/bucket/key), virtual (http://bucket.endpoint/key)"
                                + " or auto: virtual on AWS, path elsewhere (the default).")
                String addressingStyle) {

    /** An AWS region name. */
    public static final String REGION = "^[a-z0-9]+(-[a-z0-9]+)*$";

    /** The addressing styles the store knows. */
    public static final String ADDRESSING_STYLE = "^(path|virtual|auto)$";
}
