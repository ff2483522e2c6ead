package dev.distillery.operator.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.operator.model.JobSettings;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Image references live in images/images.env: the operator's default step image, the Deployment and
 * the Helm chart's values name those images, and nothing in the repository names a registry
 * namespace that is not ours.
 */
class ImageReferencesTest {

    @Test
    void operatorAndManifestsNameTheImagesTheBuildTags() throws IOException {
        Map<String, String> images = Containerfile.imagesEnv();
        Deployment deployment;
        try (InputStream in =
                Files.newInputStream(
                        Containerfile.ROOT.resolve(
                                "manifests/050-Deployment-distillery-operator.yaml"))) {
            deployment = Serialization.unmarshal(in, Deployment.class);
        }
        Container operator = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(JobSettings.DEFAULT_IMAGE).isEqualTo(images.get("STEP_IMAGE"));
        assertThat(operator.getImage()).isEqualTo(images.get("OPERATOR_IMAGE"));
        assertThat(operator.getEnv())
                .filteredOn(e -> e.getName().equals("DISTILLERY_STEP_IMAGE"))
                .extracting(EnvVar::getValue)
                .containsExactly(images.get("STEP_IMAGE"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theHelmChartNamesTheImagesTheBuildTags() throws IOException {
        Map<String, String> images = Containerfile.imagesEnv();
        Path chart = Containerfile.ROOT.resolve("charts/distillery");
        Map<String, Object> values =
                Serialization.unmarshal(Files.readString(chart.resolve("values.yaml")), Map.class);
        Map<String, Object> metadata =
                Serialization.unmarshal(Files.readString(chart.resolve("Chart.yaml")), Map.class);
        Map<String, Object> image = (Map<String, Object>) values.get("image");

        assertThat(image.get("repository") + ":" + image.get("tag"))
                .isEqualTo(images.get("OPERATOR_IMAGE"));
        assertThat(values.get("stepImage")).isEqualTo(images.get("STEP_IMAGE"));
        assertThat(metadata.get("appVersion")).isEqualTo(images.get("DISTILLERY_IMAGE_TAG"));
    }

    @Test
    void noFileNamesARegistryNamespaceThatIsNotOurs() throws IOException {
        List<String> foreign =
                List.of("ghcr.io/", "docker.io/", "quay.io/", "eclipse-temurin", "maven:3");
        List<Path> offenders;
        try (Stream<Path> files = Files.walk(Containerfile.ROOT)) {
            offenders =
                    files.filter(Files::isRegularFile)
                            .filter(ImageReferencesTest::isSource)
                            .filter(file -> mentionsAny(file, foreign))
                            .toList();
        }
        assertThat(offenders).isEmpty();
    }

    private static boolean isSource(Path file) {
        String path = Containerfile.ROOT.relativize(file).toString();
        String name = file.getFileName().toString();
        return !path.startsWith(".git")
                && !path.contains("/target/")
                && !path.startsWith("build/")
                && !path.startsWith("runs/")
                && !path.contains("/go.sum")
                && !name.endsWith(".java")
                && (name.endsWith(".yaml")
                        || name.endsWith(".yml")
                        || name.endsWith(".md")
                        || name.endsWith("Dockerfile")
                        || name.endsWith("Containerfile")
                        || name.endsWith(".env"));
    }

    private static boolean mentionsAny(Path file, List<String> needles) {
        try {
            String text = Files.readString(file);
            return needles.stream().anyMatch(text::contains);
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }
}
