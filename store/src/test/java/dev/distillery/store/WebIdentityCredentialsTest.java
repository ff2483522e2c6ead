package dev.distillery.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
import io.minio.credentials.Credentials;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Web identity credentials against a local fake of AWS STS that answers as AWS documents it (MinIO
 * answers differently and only with an OpenID provider; S3CredentialsIT covers MinIO's STS): the
 * request's parameters, the AWS response shape, renewal with a rotated token, and which failures
 * are retried.
 */
class WebIdentityCredentialsTest {

    private static final String ROLE = "arn:aws:iam::123456789012:role/distillery";
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtbCJ9.c2lnbmVk";

    @TempDir Path tmp;
    private HttpServer sts;
    private final List<Map<String, String>> calls = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<int[]> statuses = new ConcurrentLinkedQueue<>();
    private String expiration = "2099-01-01T00:00:00Z";
    private Path tokenFile;

    @BeforeEach
    void startFakeSts() throws IOException {
        tokenFile = Files.writeString(tmp.resolve("token"), TOKEN + "\n");
        sts = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        sts.createContext("/", this::answer);
        sts.start();
    }

    @AfterEach
    void stopFakeSts() {
        sts.stop(0);
    }

    @Test
    void asksForTheRoleWithTheTokenAndReadsAwsAnswer() {
        Credentials credentials = provider("teacher-0").fetch();

        assertThat(credentials.accessKey()).isEqualTo("ASIATEMPORARY");
        assertThat(credentials.secretKey()).isEqualTo("temporary-secret");
        assertThat(credentials.sessionToken()).isEqualTo("temporary-session-token");
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0))
                .containsEntry("Action", "AssumeRoleWithWebIdentity")
                .containsEntry("Version", "2011-06-15")
                .containsEntry("RoleArn", ROLE)
                .containsEntry("RoleSessionName", "teacher-0")
                .containsEntry("WebIdentityToken", TOKEN);
    }

    @Test
    void validCredentialsAreKeptAndExpiredOnesRenewedWithTheRotatedToken() throws IOException {
        WebIdentityCredentials provider = provider("s");
        provider.fetch();
        provider.fetch();
        assertThat(calls).hasSize(1);

        expiration = "2000-01-01T00:00:00Z";
        WebIdentityCredentials expiring = provider("s");
        expiring.fetch();
        Files.writeString(tokenFile, "rotated-token");
        expiring.fetch();

        assertThat(calls).hasSize(3);
        assertThat(calls.get(2)).containsEntry("WebIdentityToken", "rotated-token");
    }

    @Test
    void anStsOutageIsRetriedThroughLikeAnyS3Request() {
        statuses.add(new int[] {503});
        statuses.add(new int[] {500});
        List<Duration> waits = new ArrayList<>();
        WebIdentityCredentials provider = provider("s");

        Credentials credentials =
                requests(waits).send("read", StorageUri.parse("s3://runs/a"), provider::fetch);

        assertThat(credentials.accessKey()).isEqualTo("ASIATEMPORARY");
        assertThat(waits).hasSize(2);
    }

    @Test
    void aRefusalIsBadInputNamingRoleAndTokenFileNotTheToken() {
        statuses.add(new int[] {403});
        WebIdentityCredentials provider = provider("s");

        assertThatThrownBy(
                        () ->
                                requests(new ArrayList<>())
                                        .send(
                                                "read",
                                                StorageUri.parse("s3://runs/a"),
                                                provider::fetch))
                .isInstanceOf(DistilleryException.class)
                .hasMessage(
                        "cannot read s3://runs/a: STS endpoint "
                                + endpoint()
                                + " refused AssumeRoleWithWebIdentity for the role "
                                + ROLE
                                + " (web identity token "
                                + tokenFile
                                + ", AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN): HTTP 403"
                                + " AccessDenied: Not authorized to perform"
                                + " sts:AssumeRoleWithWebIdentity")
                .extracting(e -> ((DistilleryException) e).exitCode())
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(calls).hasSize(1);
    }

    @Test
    void anUnreachableStsIsTransient() {
        sts.stop(0);
        WebIdentityCredentials provider = provider("s");

        assertThatThrownBy(
                        () ->
                                requests(new ArrayList<>())
                                        .send(
                                                "read",
                                                StorageUri.parse("s3://runs/a"),
                                                provider::fetch))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("STS endpoint " + endpoint() + " gave no credentials")
                .extracting(e -> ((DistilleryException) e).exitCode())
                .isEqualTo(ExitCodes.TRANSIENT);
    }

    private WebIdentityCredentials provider(String session) {
        return new WebIdentityCredentials(
                new S3Credentials.WebIdentity(
                        tokenFile,
                        ROLE,
                        session,
                        endpoint(),
                        "AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN"),
                Duration.ofSeconds(2));
    }

    private S3Requests requests(List<Duration> waits) {
        S3Settings settings =
                S3Settings.fromEnvironment(
                                Map.of(
                                        "HOME",
                                        tmp.toString(),
                                        "AWS_ENDPOINT_URL",
                                        "http://127.0.0.1:9"))
                        .withRetry(
                                new RetryPolicy(
                                        Duration.ofSeconds(10),
                                        4,
                                        Duration.ofMillis(10),
                                        Duration.ofMillis(10)));
        return new S3Requests(settings, waits::add, System::nanoTime);
    }

    private String endpoint() {
        return "http://127.0.0.1:" + sts.getAddress().getPort();
    }

    private void answer(HttpExchange exchange) throws IOException {
        Map<String, String> query = new HashMap<>();
        for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(
                    URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
        }
        calls.add(query);
        int[] next = statuses.poll();
        int status = next == null ? 200 : next[0];
        String body =
                status == 200
                        ? "<AssumeRoleWithWebIdentityResponse"
                                + " xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                                + "<AssumeRoleWithWebIdentityResult>"
                                + "<SubjectFromWebIdentityToken>system:serviceaccount:ml:distillery"
                                + "</SubjectFromWebIdentityToken>"
                                + "<Audience>sts.amazonaws.com</Audience>"
                                + "<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/"
                                + "distillery/s</Arn><AssumedRoleId>AROAEXAMPLE:s</AssumedRoleId>"
                                + "</AssumedRoleUser>"
                                + "<Credentials><SessionToken>temporary-session-token"
                                + "</SessionToken><SecretAccessKey>temporary-secret"
                                + "</SecretAccessKey><Expiration>"
                                + expiration
                                + "</Expiration><AccessKeyId>ASIATEMPORARY</AccessKeyId>"
                                + "</Credentials>"
                                + "<Provider>arn:aws:iam::123456789012:oidc-provider/oidc.eks"
                                + "</Provider></AssumeRoleWithWebIdentityResult>"
                                + "<ResponseMetadata><RequestId>r-1</RequestId>"
                                + "</ResponseMetadata></AssumeRoleWithWebIdentityResponse>"
                        : "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                                + "<Error><Type>Sender</Type><Code>"
                                + (status == 403 ? "AccessDenied" : "ServiceUnavailable")
                                + "</Code><Message>"
                                + (status == 403
                                        ? "Not authorized to perform sts:AssumeRoleWithWebIdentity"
                                        : "Service is unavailable")
                                + "</Message></Error><RequestId>r-2</RequestId></ErrorResponse>";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/xml");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
