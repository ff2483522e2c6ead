package dev.distillery.api.validation;

import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
import java.util.List;

/**
 * A Distillation that cannot run as written: carries every {@link FieldError} found (not only the
 * first) and exits with {@link ExitCodes#BAD_INPUT}.
 */
public class InvalidDistillationException extends DistilleryException {
    private final transient List<FieldError> errors;

    public InvalidDistillationException(String source, List<FieldError> errors) {
        super(ExitCodes.BAD_INPUT, message(source, errors));
        this.errors = List.copyOf(errors);
    }

    /** Every problem found, in the order of the spec. */
    public List<FieldError> errors() {
        return errors;
    }

    private static String message(String source, List<FieldError> errors) {
        StringBuilder out =
                new StringBuilder(source)
                        .append(" is not a valid Distillation (")
                        .append(errors.size())
                        .append(errors.size() == 1 ? " problem):" : " problems):");
        for (FieldError error : errors) {
            out.append("\n  ").append(error);
        }
        return out.toString();
    }
}
