package dev.distillery.api.spec;

import java.util.Optional;

/**
 * The one place that knows what a model spec string looks like ({@code family:size,size} with
 * optional {@code ;name=value} options, for example {@code cnn:32,64;head=128}); the steps' model
 * zoo decides what the sizes and options mean.
 */
public final class ModelSpecSyntax {

    /** The model families the zoo knows. */
    public static final String FAMILIES = "mlp|cnn|resnet";

    /** The whole syntax as a regular expression, also used by the CRD. */
    public static final String PATTERN =
            "^(" + FAMILIES + "):[1-9][0-9]*(,[1-9][0-9]*)*(;[a-z]+=[0-9.]+)*$";

    /** Examples of each family, for error messages. */
    public static final String EXAMPLES = "mlp:1200,1200, cnn:32,64, resnet:16,32,64";

    private ModelSpecSyntax() {}

    /** Why {@code spec} is not a model spec, or empty if it is one. */
    public static Optional<String> problem(String spec) {
        if (spec == null || spec.isBlank()) {
            return Optional.of("must be a model spec such as " + EXAMPLES);
        }
        int colon = spec.indexOf(':');
        String family = colon < 0 ? spec : spec.substring(0, colon);
        if (!family.matches(FAMILIES)) {
            return Optional.of(
                    "unknown model family '"
                            + family
                            + "' in '"
                            + spec
                            + "': use mlp, cnn or resnet (e.g. "
                            + EXAMPLES
                            + ")");
        }
        if (!spec.matches(PATTERN)) {
            return Optional.of(
                    "'"
                            + spec
                            + "' is not family:sizes with positive comma-separated integers"
                            + " and optional ;name=value options (e.g. "
                            + EXAMPLES
                            + ")");
        }
        return Optional.empty();
    }
}
