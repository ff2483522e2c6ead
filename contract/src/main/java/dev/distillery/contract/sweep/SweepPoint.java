package dev.distillery.contract.sweep;

/**
 * One trained distilled variant as sweep selection sees it (the status and the report build these
 * from their own records).
 *
 * @param student the student of the spec the variant expands (selection is per student)
 * @param name the variant's name
 * @param temperature the variant's temperature
 * @param alpha the variant's alpha
 * @param seed the variant's training seed, if known
 * @param validationAccuracy accuracy on the validation split, the only number selection reads
 * @param testAccuracy accuracy on the test split, reported for the selected cell only
 * @param scratchAccuracy test accuracy of the variant's scratch twin, if any
 * @param parameters trainable parameter count, if known
 * @param done whether the variant finished training
 */
public record SweepPoint(
        String student,
        String name,
        double temperature,
        double alpha,
        Long seed,
        Double validationAccuracy,
        Double testAccuracy,
        Double scratchAccuracy,
        Long parameters,
        boolean done) {}
