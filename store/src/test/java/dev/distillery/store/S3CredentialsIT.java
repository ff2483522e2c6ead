package dev.distillery.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
import io.minio.credentials.AssumeRoleProvider;
import io.minio.credentials.Credentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each link of the credentials chain against a real MinIO: temporary keys with a session token, an
 * AWS profile file, and a web identity token exchanged at MinIO's own STS, whose OpenID provider
 * (the part EKS or GKE would play) is {@link FakeOidcProvider}.
 */
class S3CredentialsIT {

    private static final String BUCKET = "credentials";
    private static FakeOidcProvider oidc;
    private static MinioServer server;

    @TempDir Path tmp;

    @BeforeAll
    static void startServers() throws Exception {
        oidc = new FakeOidcProvider();
        server =
                MinioServer.start(
                        Map.of(
                                "MINIO_IDENTITY_OPENID_CONFIG_URL",
                                oidc.configUrl(),
                                "MINIO_IDENTITY_OPENID_CLIENT_ID",
                                FakeOidcProvider.CLIENT_ID));
        server.createBucket(BUCKET);
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (server != null) {
            server.close();
        }
        if (oidc != null) {
            oidc.close();
        }
    }

    @Test
    void webIdentityTokenFileIsExchangedForTemporaryKeysAtSts() throws Exception {
        Path token =
                Files.writeString(
                        tmp.resolve("token"),
                        oidc.token("system:serviceaccount:ml:distillery", "readwrite"));
        Map<String, String> env = base();
        // As the EKS pod identity webhook sets them; MinIO ignores a role it does not know
        // when its OpenID provider maps a policy claim.
        env.put("AWS_WEB_IDENTITY_TOKEN_FILE", token.toString());
        env.put("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/distillery");

        assertRoundTrip(env, "irsa");
    }

    @Test
    void aTokenStsRefusesIsBadInputNamingTheRoleAndFileNotTheToken() throws Exception {
        String good = oidc.token("system:serviceaccount:ml:distillery", "readwrite");
        String forged = good.substring(0, good.lastIndexOf('.') + 1) + "AAAA";
        Path token = Files.writeString(tmp.resolve("token"), forged);
        Map<String, String> env = base();
        env.put("AWS_WEB_IDENTITY_TOKEN_FILE", token.toString());
        env.put("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/distillery");

        try (ArtifactStore store = ArtifactStores.open("s3://" + BUCKET, env)) {
            assertThatThrownBy(() -> store.isComplete("s3://" + BUCKET + "/forged"))
                    .isInstanceOf(DistilleryException.class)
                    .hasMessageContaining(
                            "cannot look for the manifest of s3://" + BUCKET + "/forged")
                    .hasMessageContaining("STS endpoint " + server.endpoint() + " refused")
                    .hasMessageContaining("arn:aws:iam::123456789012:role/distillery")
                    .hasMessageContaining(token.toString())
                    .hasMessageNotContaining(forged.substring(0, 40))
                    .extracting(e -> ((DistilleryException) e).exitCode())
                    .isEqualTo(ExitCodes.BAD_INPUT);
        }
    }

    @Test
    void temporaryKeysNeedTheirSessionToken() throws Exception {
        Credentials temporary =
                new AssumeRoleProvider(
                                server.endpoint(),
                                MinioServer.ACCESS_KEY,
                                MinioServer.SECRET_KEY,
                                null,
                                null,
                                "us-east-1",
                                null,
                                null,
                                null,
                                null)
                        .fetch();
        assertThat(temporary.sessionToken()).isNotEmpty();
        Map<String, String> env = base();
        env.put("AWS_ACCESS_KEY_ID", temporary.accessKey());
        env.put("AWS_SECRET_ACCESS_KEY", temporary.secretKey());
        env.put("AWS_SESSION_TOKEN", temporary.sessionToken());

        assertRoundTrip(env, "session");

        env.remove("AWS_SESSION_TOKEN");
        try (ArtifactStore store = ArtifactStores.open("s3://" + BUCKET, env)) {
            assertThatThrownBy(() -> store.isComplete("s3://" + BUCKET + "/session"))
                    .isInstanceOf(DistilleryException.class)
                    .hasMessageContaining("refused access")
                    .hasMessageContaining("check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
                    .hasMessageNotContaining(temporary.secretKey())
                    .extracting(e -> ((DistilleryException) e).exitCode())
                    .isEqualTo(ExitCodes.BAD_INPUT);
        }
    }

    @Test
    void aNamedProfileOfTheSharedCredentialsFile() throws Exception {
        Path aws = Files.createDirectories(tmp.resolve("home/.aws"));
        Files.writeString(
                aws.resolve("credentials"),
                "[default]\naws_access_key_id = wrong\naws_secret_access_key = wrong\n"
                        + "[ci]\naws_access_key_id = "
                        + MinioServer.ACCESS_KEY
                        + "\naws_secret_access_key = "
                        + MinioServer.SECRET_KEY
                        + "\n");
        Map<String, String> env = base();
        env.put("HOME", tmp.resolve("home").toString());
        env.put("AWS_PROFILE", "ci");

        assertRoundTrip(env, "profile");
    }

    /** The server's endpoint and quick retries, no credentials yet. */
    private Map<String, String> base() {
        Map<String, String> env = new HashMap<>(server.environment());
        env.remove("AWS_ACCESS_KEY_ID");
        env.remove("AWS_SECRET_ACCESS_KEY");
        env.put("HOME", tmp.toString());
        return env;
    }

    private void assertRoundTrip(Map<String, String> env, String name) throws IOException {
        Path work = Files.createDirectories(tmp.resolve("work-" + name));
        Files.writeString(work.resolve("model.json"), "{\"name\":\"" + name + "\"}");
        String uri = "s3://" + BUCKET + "/" + name;
        try (ArtifactStore store = ArtifactStores.open(uri, env)) {
            Manifest published = store.publish(work, uri);
            assertThat(store.manifest(uri)).contains(published);
            assertThat(store.fetch(uri, tmp.resolve("scratch-" + name)).resolve("model.json"))
                    .hasContent("{\"name\":\"" + name + "\"}");
        }
    }
}
