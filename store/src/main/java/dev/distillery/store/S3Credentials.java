package dev.distillery.store;

import dev.distillery.contract.DistilleryException;
import io.minio.credentials.Provider;
import io.minio.credentials.StaticProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where S3 credentials come from, found in the order AWS SDKs look: access keys in the environment
 * ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}), a web
 * identity token file ({@code AWS_WEB_IDENTITY_TOKEN_FILE} with {@code AWS_ROLE_ARN}, as EKS IRSA
 * and other workload identity webhooks mount them), then the selected profile of the AWS shared
 * files; anonymous access when none is set. No {@code toString()} shows a secret.
 */
public sealed interface S3Credentials {

    String ACCESS_KEY_VARIABLE = "AWS_ACCESS_KEY_ID";
    String SECRET_KEY_VARIABLE = "AWS_SECRET_ACCESS_KEY";
    String SESSION_TOKEN_VARIABLE = "AWS_SESSION_TOKEN";
    String TOKEN_FILE_VARIABLE = "AWS_WEB_IDENTITY_TOKEN_FILE";
    String ROLE_ARN_VARIABLE = "AWS_ROLE_ARN";
    String ROLE_SESSION_VARIABLE = "AWS_ROLE_SESSION_NAME";

    /** The variables naming an STS endpoint, in the order they are looked up. */
    List<String> STS_ENDPOINT_VARIABLES = List.of("AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL");

    /** The MinIO client's provider for these credentials; empty for anonymous access. */
    Optional<Provider> provider(Duration connectTimeout);

    /** What to check when the server refuses them, for messages; never a secret. */
    String describe();

    /** No credentials: requests are not signed. */
    record Anonymous() implements S3Credentials {
        @Override
        public Optional<Provider> provider(Duration connectTimeout) {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return "the credentials: none were found, so requests were anonymous (set "
                    + ACCESS_KEY_VARIABLE
                    + " and "
                    + SECRET_KEY_VARIABLE
                    + ", "
                    + TOKEN_FILE_VARIABLE
                    + " and "
                    + ROLE_ARN_VARIABLE
                    + ", or an AWS profile)";
        }
    }

    /**
     * Access keys, long-lived or temporary (with a session token).
     *
     * @param accessKey the access key id
     * @param secretKey the secret access key
     * @param sessionToken the session token of temporary keys, or null
     * @param source where they came from, for messages
     */
    record Keys(String accessKey, String secretKey, String sessionToken, String source)
            implements S3Credentials {
        @Override
        public Optional<Provider> provider(Duration connectTimeout) {
            return Optional.of(new StaticProvider(accessKey, secretKey, sessionToken));
        }

        @Override
        public String describe() {
            return source + (sessionToken == null ? "" : " (temporary keys expire)");
        }

        @Override
        public String toString() {
            return "Keys[accessKey=" + accessKey + ", from " + source + "]";
        }
    }

    /**
     * Temporary keys from STS {@code AssumeRoleWithWebIdentity}, for the token in {@code tokenFile}
     * (read again at each renewal, as the kubelet rotates it).
     *
     * @param tokenFile the web identity token (a JWT)
     * @param roleArn the role to assume
     * @param sessionName the role session name
     * @param stsEndpoint the STS endpoint URL
     * @param source where the token file and role came from, for messages
     */
    record WebIdentity(
            Path tokenFile, String roleArn, String sessionName, String stsEndpoint, String source)
            implements S3Credentials {
        @Override
        public Optional<Provider> provider(Duration connectTimeout) {
            return Optional.of(new WebIdentityCredentials(this, connectTimeout));
        }

        @Override
        public String describe() {
            return "the role "
                    + roleArn
                    + " (web identity token "
                    + tokenFile
                    + ", "
                    + source
                    + ")";
        }
    }

    /**
     * The credentials {@code env} and {@code profile} give, in the AWS order; {@code region} picks
     * the regional STS endpoint when no variable names one. Half-set pairs are bad input naming the
     * missing variable.
     */
    static S3Credentials resolve(
            Map<String, String> env, Optional<AwsProfile> profile, String region) {
        String accessKey = value(env, ACCESS_KEY_VARIABLE);
        String secretKey = value(env, SECRET_KEY_VARIABLE);
        String sessionToken = value(env, SESSION_TOKEN_VARIABLE);
        if (accessKey != null || secretKey != null) {
            if (accessKey == null || secretKey == null) {
                String missing = accessKey == null ? ACCESS_KEY_VARIABLE : SECRET_KEY_VARIABLE;
                throw DistilleryException.badInput(
                        missing + " is not set, but its partner is: set both or neither");
            }
            String source =
                    ACCESS_KEY_VARIABLE
                            + (sessionToken == null ? " and " : ", ")
                            + SECRET_KEY_VARIABLE
                            + (sessionToken == null ? "" : " and " + SESSION_TOKEN_VARIABLE);
            return new Keys(accessKey, secretKey, sessionToken, source);
        }
        if (sessionToken != null) {
            throw DistilleryException.badInput(
                    SESSION_TOKEN_VARIABLE
                            + " is set without "
                            + ACCESS_KEY_VARIABLE
                            + " and "
                            + SECRET_KEY_VARIABLE
                            + ": set all three or none");
        }
        String tokenFile = value(env, TOKEN_FILE_VARIABLE);
        String roleArn = value(env, ROLE_ARN_VARIABLE);
        if (tokenFile != null || roleArn != null) {
            if (tokenFile == null || roleArn == null) {
                String missing = tokenFile == null ? TOKEN_FILE_VARIABLE : ROLE_ARN_VARIABLE;
                throw DistilleryException.badInput(
                        missing + " is not set, but its partner is: set both or neither");
            }
            return webIdentity(
                    env,
                    region,
                    tokenFile,
                    roleArn,
                    value(env, ROLE_SESSION_VARIABLE),
                    TOKEN_FILE_VARIABLE + " and " + ROLE_ARN_VARIABLE);
        }
        return profile.map(p -> fromProfile(env, region, p)).orElse(new Anonymous());
    }

    private static S3Credentials fromProfile(
            Map<String, String> env, String region, AwsProfile profile) {
        Optional<String> accessKey = profile.get("aws_access_key_id");
        Optional<String> secretKey = profile.get("aws_secret_access_key");
        if (accessKey.isPresent() && secretKey.isPresent()) {
            return new Keys(
                    accessKey.get(),
                    secretKey.get(),
                    profile.get("aws_session_token").orElse(null),
                    "aws_access_key_id and aws_secret_access_key of " + profile.describe());
        }
        Optional<String> tokenFile = profile.get("web_identity_token_file");
        Optional<String> roleArn = profile.get("role_arn");
        if (tokenFile.isPresent() && roleArn.isPresent()) {
            return webIdentity(
                    env,
                    region,
                    tokenFile.get(),
                    roleArn.get(),
                    profile.get("role_session_name").orElse(null),
                    "web_identity_token_file and role_arn of " + profile.describe());
        }
        if (accessKey.isPresent() || secretKey.isPresent()) {
            String missing = accessKey.isPresent() ? "aws_secret_access_key" : "aws_access_key_id";
            throw DistilleryException.badInput(
                    profile.describe() + " has no " + missing + ": set both or neither");
        }
        for (String unsupported :
                List.of("source_profile", "credential_process", "sso_session", "sso_start_url")) {
            if (profile.get(unsupported).isPresent()) {
                throw DistilleryException.badInput(
                        profile.describe()
                                + " gets its credentials through "
                                + unsupported
                                + ", which Distillery does not support: give it"
                                + " aws_access_key_id and aws_secret_access_key, or"
                                + " web_identity_token_file and role_arn");
            }
        }
        return new Anonymous();
    }

    private static S3Credentials webIdentity(
            Map<String, String> env,
            String region,
            String tokenFile,
            String roleArn,
            String sessionName,
            String source) {
        Path token = Path.of(tokenFile);
        if (!Files.isReadable(token)) {
            throw DistilleryException.badInput(
                    "web identity token file "
                            + tokenFile
                            + " (from "
                            + source
                            + ") does not exist or cannot be read");
        }
        String endpoint = "https://sts." + region + ".amazonaws.com";
        for (String variable : STS_ENDPOINT_VARIABLES) {
            String configured = value(env, variable);
            if (configured != null) {
                endpoint = S3Settings.checkedEndpoint(configured, variable);
                break;
            }
        }
        String session =
                sessionName != null ? sessionName : "distillery-" + System.currentTimeMillis();
        return new WebIdentity(token, roleArn, session, endpoint, source);
    }

    private static String value(Map<String, String> env, String variable) {
        String value = env.get(variable);
        return value == null || value.isBlank() ? null : value.strip();
    }
}
