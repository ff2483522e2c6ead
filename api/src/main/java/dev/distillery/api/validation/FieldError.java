package dev.distillery.api.validation;

/**
 * One thing wrong with a Distillation: the path of the field, as {@code kubectl explain} spells it
 * (for example {@code spec.students[1].alpha}), and why.
 *
 * @param path the field's path
 * @param reason what is wrong with it
 */
public record FieldError(String path, String reason) {

    @Override
    public String toString() {
        return path + ": " + reason;
    }
}
