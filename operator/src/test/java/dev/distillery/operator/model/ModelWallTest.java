package dev.distillery.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.operator.reconciler.JobActions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The wall around {@code operator/model}: its pure builders, observer and status derivation use the
 * Kubernetes model classes only, never a client, the operator framework or storage. Read from the
 * compiled classes, so a fully qualified name counts as much as an import.
 */
class ModelWallTest {

    /** Packages, as they appear in class files, that the model must not reference. */
    private static final List<String> FORBIDDEN =
            List.of(
                    "io/fabric8/kubernetes/client/",
                    "io/javaoperatorsdk/",
                    "dev/distillery/store/");

    @Test
    void theModelReferencesNoClientFrameworkOrStorage() {
        List<String> references = references(packageOf(JobObserver.class));

        assertThat(references).as("class files read").isNotEmpty();
        assertThat(references.stream().filter(ModelWallTest::forbidden).toList())
                .as("client, framework or storage references in operator/model")
                .isEmpty();
    }

    @Test
    void theWallSeesAClientWhereThereIsOne() {
        // The same reading finds the client the reconciler package uses: the wall is not vacuous.
        assertThat(references(packageOf(JobActions.class)))
                .anyMatch(r -> r.contains("io/fabric8/kubernetes/client/KubernetesClient"));
    }

    private static boolean forbidden(String reference) {
        return FORBIDDEN.stream().anyMatch(reference::contains);
    }

    private static Path packageOf(Class<?> type) {
        try {
            Path root = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            return root.resolve(type.getPackageName().replace('.', '/'));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "Class.class: text" for every class file of one package, its constant pool as text. */
    private static List<String> references(Path folder) {
        List<String> references = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (String part : text.split("[^A-Za-z0-9_/$]+")) {
                    if (part.contains("/")) {
                        references.add(file.getFileName() + ": " + part);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return references;
    }
}
