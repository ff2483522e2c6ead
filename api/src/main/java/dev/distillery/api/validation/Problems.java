package dev.distillery.api.validation;

import dev.distillery.api.spec.DistillationSpec;
import dev.distillery.api.spec.ModelSpecSyntax;
import java.util.ArrayList;
import java.util.List;

/** The problems found so far while validating, with helpers for the common checks. */
final class Problems {
    private final List<FieldError> errors;
    private final String prefix;

    Problems() {
        this(new ArrayList<>(), "");
    }

    private Problems(List<FieldError> errors, String prefix) {
        this.errors = errors;
        this.prefix = prefix;
    }

    /** A view that adds to the same list with paths below {@code path}. */
    Problems at(String path) {
        return new Problems(errors, prefix + path);
    }

    void add(String path, String reason) {
        errors.add(new FieldError(prefix + path, reason));
    }

    List<FieldError> list() {
        return List.copyOf(errors);
    }

    void range(String path, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            add(path, "must be between " + min + " and " + max + ", not " + value);
        }
    }

    void uri(String path, String uri) {
        if (uri != null && !uri.matches("^(file|s3)://.+")) {
            add(path, "'" + uri + "' must be a file:// or s3:// URI");
        }
    }

    void model(String path, String spec) {
        ModelSpecSyntax.problem(spec).ifPresent(reason -> add(path, reason));
    }

    void dnsSubdomain(String path, String value) {
        if (value != null
                && (value.length() > 253 || !value.matches(DistillationSpec.DNS_SUBDOMAIN))) {
            add(path, "'" + value + "' must be a DNS-1123 subdomain (lowercase, digits, '-', '.')");
        }
    }
}
