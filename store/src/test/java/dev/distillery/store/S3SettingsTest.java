package dev.distillery.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.contract.DistilleryException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S3SettingsTest {

    @Test
    void endpointVariablesAreLookedUpInOrder() {
        Map<String, String> all =
                Map.of(
                        "AWS_ENDPOINT_URL_S3", "http://s3-only:9000",
                        "AWS_ENDPOINT_URL", "http://all-services:9000",
                        "S3_ENDPOINT", "http://legacy:9000");

        assertThat(S3Settings.fromEnvironment(all).endpoint()).isEqualTo("http://s3-only:9000");
        assertThat(S3Settings.fromEnvironment(Map.of("AWS_ENDPOINT_URL", "http://a:1/")).endpoint())
                .isEqualTo("http://a:1");
        S3Settings legacy = S3Settings.fromEnvironment(Map.of("S3_ENDPOINT", "https://b:2"));
        assertThat(legacy.endpoint()).isEqualTo("https://b:2");
        assertThat(legacy.endpointSource()).isEqualTo("S3_ENDPOINT");
    }

    @Test
    void withoutEndpointUsesAwsInTheRegion() {
        assertThat(S3Settings.fromEnvironment(Map.of()).endpoint())
                .isEqualTo("https://s3.us-east-1.amazonaws.com");
        S3Settings frankfurt = S3Settings.fromEnvironment(Map.of("AWS_REGION", "eu-central-1"));
        assertThat(frankfurt.region()).isEqualTo("eu-central-1");
        assertThat(frankfurt.endpoint()).isEqualTo("https://s3.eu-central-1.amazonaws.com");
    }

    @Test
    void credentialsComeInPairsAndTheSecretIsNeverShown() {
        S3Settings settings =
                S3Settings.fromEnvironment(
                        Map.of(
                                "AWS_ACCESS_KEY_ID",
                                "AKIDEXAMPLE",
                                "AWS_SECRET_ACCESS_KEY",
                                "s3cr3t-value"));

        assertThat(settings.hasCredentials()).isTrue();
        assertThat(settings.toString()).contains("AKIDEXAMPLE").doesNotContain("s3cr3t-value");
        assertThatThrownBy(() -> S3Settings.fromEnvironment(Map.of("AWS_ACCESS_KEY_ID", "AKID")))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("AWS_SECRET_ACCESS_KEY is not set");
        assertThat(S3Settings.fromEnvironment(Map.of()).hasCredentials()).isFalse();
    }

    @Test
    void malformedValuesAreBadInputNamingTheVariable() {
        assertThatThrownBy(
                        () -> S3Settings.fromEnvironment(Map.of("AWS_ENDPOINT_URL", "minio:9000")))
                .isInstanceOf(DistilleryException.class)
                .hasMessageContaining("AWS_ENDPOINT_URL='minio:9000'");
        assertThatThrownBy(() -> S3Settings.fromEnvironment(Map.of("DISTILLERY_S3_ATTEMPTS", "0")))
                .hasMessageContaining("DISTILLERY_S3_ATTEMPTS='0'");
        assertThatThrownBy(
                        () -> S3Settings.fromEnvironment(Map.of("DISTILLERY_S3_BACKOFF_MS", "x")))
                .hasMessageContaining("DISTILLERY_S3_BACKOFF_MS='x'");
    }

    @Test
    void retryIsConfigurableAndBoundedByTimeByDefault() {
        S3Settings settings =
                S3Settings.fromEnvironment(
                        Map.of(
                                "DISTILLERY_S3_RETRY_SECONDS", "30",
                                "DISTILLERY_S3_ATTEMPTS", "2",
                                "DISTILLERY_S3_BACKOFF_MS", "40"));

        assertThat(settings.retry())
                .isEqualTo(
                        new RetryPolicy(
                                Duration.ofSeconds(30),
                                2,
                                Duration.ofMillis(40),
                                Duration.ofSeconds(20)));
        RetryPolicy byDefault = S3Settings.fromEnvironment(Map.of()).retry();
        assertThat(byDefault).isEqualTo(RetryPolicy.DEFAULT);
        assertThat(byDefault.budget()).isEqualTo(Duration.ofMinutes(3));
        assertThat(byDefault.limitsAttempts()).isFalse();
        assertThatThrownBy(
                        () ->
                                S3Settings.fromEnvironment(
                                        Map.of("DISTILLERY_S3_RETRY_SECONDS", "-1")))
                .hasMessageContaining("DISTILLERY_S3_RETRY_SECONDS='-1'");
    }
}
