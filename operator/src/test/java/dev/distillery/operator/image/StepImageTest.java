package dev.distillery.operator.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distillery.api.plan.PlanSettings;
import dev.distillery.api.spec.DatasetSpec;
import dev.distillery.operator.model.StepJobFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The step Job and the step image agree: the command the Job runs is the image's entrypoint, on the
 * image's PATH; the named dataset the planner points at is where the image puts it; and the recipe
 * needs no container runtime to build (no RUN), with a non-root user.
 */
class StepImageTest {

    private static final String BIN = "/usr/local/bin/";

    @Test
    void theJobsCommandIsTheImagesEntrypointOnItsPath() throws IOException {
        Containerfile step = Containerfile.read("steps/Dockerfile");
        Containerfile base = Containerfile.read("images/jre/Containerfile");

        assertThat(step.entrypoint()).containsExactly(BIN + StepJobFactory.COMMAND);
        List<String> copy =
                step.copyTo(BIN + StepJobFactory.COMMAND)
                        .orElseThrow(() -> new AssertionError("nothing installs the command"));
        Path script = Containerfile.ROOT.resolve("steps/image").resolve(copy.get(0));
        assertThat(script).exists();
        assertThat(Files.isExecutable(script)).as(script + " is executable").isTrue();
        assertThat(base.env("PATH").orElseThrow().split(":")).contains(BIN.replaceAll("/$", ""));
    }

    @Test
    void theImageCarriesTheNamedDatasetWhereThePlannerLooks() throws IOException {
        Containerfile step = Containerfile.read("steps/Dockerfile");
        String planned = PlanSettings.CLUSTER.dataUri(new DatasetSpec("fashion-mnist", null, null));

        assertThat(step.copyTo(URI.create(planned).getPath() + "/")).isPresent();
    }

    @Test
    void recipesNeedNoContainerRuntimeAndRunAsNonRoot() throws IOException {
        for (String recipe :
                List.of(
                        "steps/Dockerfile",
                        "operator/Dockerfile",
                        "cli/Dockerfile",
                        "images/jre/Containerfile")) {
            Containerfile file = Containerfile.read(recipe);
            assertThat(file.keywords())
                    .as(recipe)
                    .isSubsetOf(
                            "ARG",
                            "FROM",
                            "COPY",
                            "ADD",
                            "ENV",
                            "USER",
                            "EXPOSE",
                            "CMD",
                            "ENTRYPOINT");
        }
        for (String recipe : List.of("steps/Dockerfile", "operator/Dockerfile", "cli/Dockerfile")) {
            assertThat(Containerfile.read(recipe).instructions())
                    .as(recipe)
                    .contains("USER 65532:65532");
        }
    }
}
