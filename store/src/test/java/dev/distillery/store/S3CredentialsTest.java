package dev.distillery.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The credentials chain, region and addressing style, read from env and AWS profile files. */
class S3CredentialsTest {

    @TempDir Path home;
    private final Map<String, String> env = new HashMap<>();
    private Path token;

    @BeforeEach
    void isolateHome() throws IOException {
        env.put("HOME", home.toString());
        token = Files.writeString(home.resolve("token"), "eyJhbGciOiJSUzI1NiJ9.e30.sig\n");
    }

    @Test
    void environmentKeysWithSessionTokenAreTemporaryKeysNeverShown() {
        env.putAll(
                Map.of(
                        "AWS_ACCESS_KEY_ID", "ASIAEXAMPLE",
                        "AWS_SECRET_ACCESS_KEY", "the-secret",
                        "AWS_SESSION_TOKEN", "the-session-token"));

        S3Settings settings = S3Settings.fromEnvironment(env);

        assertThat(settings.credentials())
                .isEqualTo(
                        new S3Credentials.Keys(
                                "ASIAEXAMPLE",
                                "the-secret",
                                "the-session-token",
                                "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN"));
        assertThat(settings.toString())
                .contains("ASIAEXAMPLE")
                .doesNotContain("the-secret")
                .doesNotContain("the-session-token");
    }

    @Test
    void aSessionTokenAloneIsBadInput() {
        env.put("AWS_SESSION_TOKEN", "the-session-token");

        assertThatThrownBy(() -> S3Settings.fromEnvironment(env))
                .isInstanceOf(DistilleryException.class)
                .hasMessage(
                        "AWS_SESSION_TOKEN is set without AWS_ACCESS_KEY_ID and"
                                + " AWS_SECRET_ACCESS_KEY: set all three or none");
    }

    @Test
    void webIdentityUsesTheRegionalStsUnlessAnEndpointIsSet() {
        env.putAll(
                Map.of(
                        "AWS_WEB_IDENTITY_TOKEN_FILE", token.toString(),
                        "AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/distillery",
                        "AWS_REGION", "eu-west-1"));

        S3Credentials.WebIdentity irsa =
                (S3Credentials.WebIdentity) S3Settings.fromEnvironment(env).credentials();
        assertThat(irsa.tokenFile()).isEqualTo(token);
        assertThat(irsa.roleArn()).isEqualTo("arn:aws:iam::123456789012:role/distillery");
        assertThat(irsa.stsEndpoint()).isEqualTo("https://sts.eu-west-1.amazonaws.com");
        assertThat(irsa.sessionName()).startsWith("distillery-");

        env.put("AWS_ENDPOINT_URL", "http://minio.storage:9000");
        env.put("AWS_ROLE_SESSION_NAME", "teacher-0");
        S3Credentials.WebIdentity minio =
                (S3Credentials.WebIdentity) S3Settings.fromEnvironment(env).credentials();
        assertThat(minio.stsEndpoint()).isEqualTo("http://minio.storage:9000");
        assertThat(minio.sessionName()).isEqualTo("teacher-0");

        env.put("AWS_ENDPOINT_URL_STS", "https://sts.internal");
        assertThat(
                        ((S3Credentials.WebIdentity) S3Settings.fromEnvironment(env).credentials())
                                .stsEndpoint())
                .isEqualTo("https://sts.internal");
    }

    @Test
    void webIdentityNeedsBothVariablesAndAReadableToken() {
        env.put("AWS_WEB_IDENTITY_TOKEN_FILE", token.toString());
        assertThatThrownBy(() -> S3Settings.fromEnvironment(env))
                .hasMessage("AWS_ROLE_ARN is not set, but its partner is: set both or neither");

        env.put("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/distillery");
        env.put("AWS_WEB_IDENTITY_TOKEN_FILE", home.resolve("missing").toString());
        assertThatThrownBy(() -> S3Settings.fromEnvironment(env))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("web identity token file " + home.resolve("missing"))
                .hasMessageContaining("does not exist")
                .extracting(e -> ((DistilleryException) e).exitCode())
                .isEqualTo(ExitCodes.BAD_INPUT);
    }

    @Test
    void environmentKeysComeBeforeWebIdentityAndProfiles() throws IOException {
        credentialsFile("[default]\naws_access_key_id = FROMFILE\naws_secret_access_key = s\n");
        env.putAll(
                Map.of(
                        "AWS_WEB_IDENTITY_TOKEN_FILE",
                        token.toString(),
                        "AWS_ROLE_ARN",
                        "arn:aws:iam::123456789012:role/distillery"));
        assertThat(S3Settings.fromEnvironment(env).credentials())
                .isInstanceOf(S3Credentials.WebIdentity.class);

        env.put("AWS_ACCESS_KEY_ID", "FROMENV");
        env.put("AWS_SECRET_ACCESS_KEY", "s");
        assertThat(((S3Credentials.Keys) S3Settings.fromEnvironment(env).credentials()).accessKey())
                .isEqualTo("FROMENV");
    }

    @Test
    void theDefaultProfileOfTheCredentialsFileInHome() throws IOException {
        credentialsFile(
                "# written by aws configure\n"
                        + "[default]\n"
                        + "aws_access_key_id = AKIDDEFAULT\n"
                        + "aws_secret_access_key = default-secret\n"
                        + "[ci]\n"
                        + "aws_access_key_id=AKIDCI\n"
                        + "aws_secret_access_key=ci-secret\n"
                        + "aws_session_token=ci-token\n");

        S3Credentials.Keys keys =
                (S3Credentials.Keys) S3Settings.fromEnvironment(env).credentials();
        assertThat(keys.accessKey()).isEqualTo("AKIDDEFAULT");
        assertThat(keys.secretKey()).isEqualTo("default-secret");
        assertThat(keys.sessionToken()).isNull();
        assertThat(keys.describe())
                .isEqualTo(
                        "aws_access_key_id and aws_secret_access_key of profile 'default' in "
                                + home.resolve(".aws/credentials"));

        env.put("AWS_PROFILE", "ci");
        S3Credentials.Keys ci = (S3Credentials.Keys) S3Settings.fromEnvironment(env).credentials();
        assertThat(ci.accessKey()).isEqualTo("AKIDCI");
        assertThat(ci.sessionToken()).isEqualTo("ci-token");
    }

    @Test
    void configFileProfilesGiveRegionAddressingAndCredentialsFileKeysWin() throws IOException {
        Path config =
                Files.writeString(
                        home.resolve("config"),
                        "[profile train]\n"
                                + "region = eu-central-1\n"
                                + "aws_access_key_id = AKIDCONFIG\n"
                                + "aws_secret_access_key = config-secret\n"
                                + "s3 =\n"
                                + "  addressing_style = path\n");
        Path credentials =
                Files.writeString(
                        home.resolve("creds"),
                        "[train]\naws_access_key_id = AKIDCREDS\naws_secret_access_key = c\n");
        env.putAll(
                Map.of(
                        "AWS_PROFILE", "train",
                        "AWS_CONFIG_FILE", config.toString(),
                        "AWS_SHARED_CREDENTIALS_FILE", credentials.toString()));

        S3Settings settings = S3Settings.fromEnvironment(env);

        assertThat(settings.region()).isEqualTo("eu-central-1");
        assertThat(settings.endpoint()).isEqualTo("https://s3.eu-central-1.amazonaws.com");
        assertThat(settings.virtualHost()).isFalse();
        assertThat(((S3Credentials.Keys) settings.credentials()).accessKey())
                .isEqualTo("AKIDCREDS");
        env.put("AWS_REGION", "us-west-2");
        assertThat(S3Settings.fromEnvironment(env).region()).isEqualTo("us-west-2");
    }

    @Test
    void aProfileWithAWebIdentityTokenFileAssumesItsRole() throws IOException {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(
                home.resolve(".aws/config"),
                "[default]\nrole_arn = arn:aws:iam::1:role/r\nweb_identity_token_file = "
                        + token
                        + "\n");

        S3Credentials.WebIdentity identity =
                (S3Credentials.WebIdentity) S3Settings.fromEnvironment(env).credentials();

        assertThat(identity.roleArn()).isEqualTo("arn:aws:iam::1:role/r");
        assertThat(identity.source())
                .contains("profile 'default' in " + home.resolve(".aws/config"));
    }

    @Test
    void missingProfilesFilesAndUnsupportedProvidersAreBadInputNamingThem() throws IOException {
        env.put("AWS_PROFILE", "nope");
        assertThatThrownBy(() -> S3Settings.fromEnvironment(env))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("AWS_PROFILE='nope' names no profile")
                .hasMessageContaining(home.resolve(".aws/credentials").toString());

        env.remove("AWS_PROFILE");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/no/such/credentials");
        assertThatThrownBy(() -> S3Settings.fromEnvironment(env))
                .hasMessage(
                        "AWS_SHARED_CREDENTIALS_FILE='/no/such/credentials' is not a readable"
                                + " file");

        env.remove("AWS_SHARED_CREDENTIALS_FILE");
        credentialsFile("[default]\nsource_profile = base\nrole_arn = arn:aws:iam::1:role/r\n");
        assertThatThrownBy(() -> S3Settings.fromEnvironment(env))
                .hasMessageContaining("gets its credentials through source_profile");
    }

    @Test
    void withoutAnyCredentialsRequestsAreAnonymous() {
        S3Settings settings = S3Settings.fromEnvironment(env);

        assertThat(settings.hasCredentials()).isFalse();
        assertThat(settings.credentials().describe()).contains("requests were anonymous");
    }

    @Test
    void addressingIsPathStyleOffAwsAndVirtualOnAwsUnlessSet() {
        assertThat(S3Settings.fromEnvironment(env).virtualHost()).isTrue();
        env.put("AWS_ENDPOINT_URL", "http://minio.storage:9000");
        assertThat(S3Settings.fromEnvironment(env).virtualHost()).isFalse();
        env.put("DISTILLERY_S3_ADDRESSING_STYLE", "virtual");
        assertThat(S3Settings.fromEnvironment(env).virtualHost()).isTrue();
        env.put("DISTILLERY_S3_ADDRESSING_STYLE", "dns");
        assertThatThrownBy(() -> S3Settings.fromEnvironment(env))
                .hasMessage(
                        "DISTILLERY_S3_ADDRESSING_STYLE='dns' is not one of path, virtual or"
                                + " auto");
    }

    private void credentialsFile(String text) throws IOException {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/credentials"), text);
    }
}
