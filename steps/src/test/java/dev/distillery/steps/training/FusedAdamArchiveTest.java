package dev.distillery.steps.training;

import dev.distillery.steps.GeneratedArchive;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed {@code fused-adam.pt} must be what {@code fused_adam.py} generates. */
class FusedAdamArchiveTest {
    static final GeneratedArchive ARCHIVE =
            new GeneratedArchive(
                    Path.of("src", "main", "resources", "dev", "distillery", "steps", "training")
                            .resolve(FusedAdam.MODULE),
                    Path.of("src", "main", "torchscript", "fused_adam.py"));

    @Test
    void theArchiveHoldsTheGeneratorsTextAndTheCodeItScripted() throws IOException {
        ARCHIVE.assertGeneratedByItsGenerator();
    }

    @Test
    void theArchiveWasSavedByTheTorchTheEngineLoads() throws IOException {
        ARCHIVE.assertSavedByTheEnginesTorch();
    }
}
