package dev.distillery.steps.report;

import java.util.List;

/**
 * One trained network as the report shows it: its role, name, size, test and validation accuracy
 * and its per-epoch curve.
 *
 * @param role teacher member, teacher ensemble, distilled student or scratch twin
 * @param name the teacher member, ensemble or student variant it is
 * @param model the model spec, if known
 * @param temperature the distillation temperature, for a distilled student
 * @param alpha the weight of the soft-label term, for a distilled student
 * @param parameters trainable parameter count, if known (an ensemble: its members' sum)
 * @param accuracy top-1 accuracy on the test split (the validation split when the data has no test
 *     split), 0 to 1, if known
 * @param validationAccuracy top-1 accuracy on the validation split, the one sweeps choose on
 * @param seed the training seed, if known
 * @param history the training curve, one point per epoch
 * @param artifact the URI it was read from
 */
public record ModelResult(
        Role role,
        String name,
        String model,
        Double temperature,
        Double alpha,
        Long parameters,
        Double accuracy,
        Double validationAccuracy,
        Long seed,
        List<EpochPoint> history,
        String artifact) {

    public ModelResult {
        history = List.copyOf(history);
    }

    /** What a network is in a distillation. */
    public enum Role {
        TEACHER("teacher"),
        /** The teacher members combined, as the soft-labels step scored them. */
        ENSEMBLE("teacher ensemble"),
        STUDENT("distilled"),
        SCRATCH("scratch");

        private final String label;

        Role(String label) {
            this.label = label;
        }

        /** The role as the report prints it. */
        public String label() {
            return label;
        }
    }

    /**
     * One epoch of a training curve.
     *
     * @param epoch the epoch, from 1
     * @param loss mean training loss
     * @param validationAccuracy held-out accuracy after the epoch (NaN if not measured)
     */
    public record EpochPoint(int epoch, double loss, double validationAccuracy) {}
}
