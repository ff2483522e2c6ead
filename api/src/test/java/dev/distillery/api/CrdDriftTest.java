package dev.distillery.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The committed CRD copies must equal the CRD the build generates from the model, finished by
 * {@link CrdPostProcessor}: they are never edited by hand. {@code mvn -B -o -pl api verify
 * -Dcrd.regenerate=true} rewrites them.
 */
class CrdDriftTest {

    /** What fabric8's generator writes (api/pom.xml), before {@link CrdPostProcessor}. */
    static final Path GENERATED = Path.of("target", "crd", "distillations.distillery.dev-v1.yml");

    /** Every committed copy, relative to the repository root; a new copy is one more line. */
    static final List<String> COPIES =
            List.of(
                    "manifests/crd/distillations.distillery.dev-v1.yml",
                    "charts/distillery/crds/distillations.distillery.dev-v1.yml");

    static final String REGENERATE = "mvn -B -o -pl api verify -Dcrd.regenerate=true";

    /** The CRD the repository ships: the generator's, post-processed. */
    static String shipped() throws IOException {
        return CrdPostProcessor.process(Files.readString(GENERATED));
    }

    @Test
    void committedCopiesMatchTheGeneratedCrd() throws IOException {
        String generated = shipped();
        Path root = Path.of("..").toAbsolutePath().normalize();
        for (String copy : COPIES) {
            Path file = root.resolve(copy);
            if (Boolean.getBoolean("crd.regenerate")) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, generated);
            }
            assertThat(Files.exists(file))
                    .as("%s is missing; create it with: %s", copy, REGENERATE)
                    .isTrue();
            assertThat(Files.readString(file))
                    .as(
                            "%s differs from the CRD generated from the api model (%s);"
                                    + " regenerate it with: %s (never edit it by hand)",
                            copy, GENERATED, REGENERATE)
                    .isEqualTo(generated);
        }
    }
}
