package dev.distillery.contract;

import java.util.Map;

/**
 * How a step that trains several networks together (an {@code online} group) names each network's
 * scalars in its {@link StepSummary#metrics()}: {@code <network>.<metric>}, the network being
 * {@value #TEACHER} or {@code student-<name>}. The step writes them and every runner reads them
 * through this class, so the two cannot drift apart.
 */
public final class GroupMetrics {
    /** The network name of the group's teacher. */
    public static final String TEACHER = "teacher";

    /** The metric holding a network's accuracy on the test split. */
    public static final String TEST_ACCURACY = "testAccuracy";

    /** The metric holding a network's accuracy on the held-out validation split. */
    public static final String VALIDATION_ACCURACY = "validationAccuracy";

    /** The metric holding a network's trainable parameter count. */
    public static final String PARAMETERS = "parameters";

    private GroupMetrics() {}

    /** The network name of the student named {@code name}; also its artifact's folder. */
    public static String student(String name) {
        return "student-" + name;
    }

    /** The summary key of {@code metric} of {@code network}. */
    public static String key(String network, String metric) {
        return network + "." + metric;
    }

    /** The value of {@code metric} of {@code network} in {@code summary}, or {@code null}. */
    public static Double value(StepSummary summary, String network, String metric) {
        Map<String, Double> metrics = summary.metrics();
        return metrics == null ? null : metrics.get(key(network, metric));
    }
}
