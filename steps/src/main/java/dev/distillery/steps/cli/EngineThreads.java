package dev.distillery.steps.cli;

/**
 * Sizes the PyTorch engine's threads to the processors this JVM may use (the container's CPU
 * limit), unless set already; must run before the engine loads.
 */
final class EngineThreads {
    private static final String THREADS = "ai.djl.pytorch.num_threads";
    private static final String INTEROP = "ai.djl.pytorch.num_interop_threads";

    private EngineThreads() {}

    static void configure() {
        String processors = Integer.toString(Runtime.getRuntime().availableProcessors());
        if (System.getProperty(THREADS) == null) {
            System.setProperty(THREADS, processors);
        }
        if (System.getProperty(INTEROP) == null) {
            System.setProperty(INTEROP, processors);
        }
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }
}
