package dev.distillery.steps.export;

import dev.distillery.steps.GeneratedArchive;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed {@code zoo-network.pt} must be what {@code zoo_network.py} generates. */
class ZooNetworkArchiveTest {
    static final GeneratedArchive ARCHIVE =
            new GeneratedArchive(
                    Path.of("src", "main", "resources", "dev", "distillery", "steps", "export")
                            .resolve(TorchScriptExport.MODULE),
                    Path.of("src", "main", "torchscript", "zoo_network.py"));

    @Test
    void theArchiveHoldsTheGeneratorsTextAndTheCodeItScripted() throws IOException {
        ARCHIVE.assertGeneratedByItsGenerator();
    }

    @Test
    void theArchiveWasSavedByTheTorchTheEngineLoads() throws IOException {
        ARCHIVE.assertSavedByTheEnginesTorch();
    }
}
