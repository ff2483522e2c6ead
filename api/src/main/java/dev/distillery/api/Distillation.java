package dev.distillery.api;

import dev.distillery.api.spec.DistillationSpec;
import dev.distillery.api.status.DistillationStatus;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A knowledge distillation run: a teacher (or ensemble) trained or loaded, its soft labels stored
 * once, and students (with their sweep variants and scratch baselines) trained from them.
 */
@Group(Distillation.GROUP)
@Version(Distillation.VERSION)
@Kind("Distillation")
@Singular("distillation")
@Plural("distillations")
@ShortNames({"kd", "distill"})
@ValidationRule(
        value =
                "size(self.metadata.name) <= 63 &&"
                        + " self.metadata.name.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$')",
        message =
                "metadata.name must be a DNS-1123 label (at most 63 lowercase letters, digits"
                        + " and '-'): it prefixes the names of the run's Jobs")
@AdditionalPrinterColumn(
        name = "Phase",
        jsonPath = ".status.phase",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Best",
        jsonPath = ".status.best.name",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Accuracy",
        jsonPath = ".status.best.accuracy",
        type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(
        name = "Students",
        jsonPath = ".status.progress",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class Distillation extends CustomResource<DistillationSpec, DistillationStatus>
        implements Namespaced {

    /** The API group of the resource. */
    public static final String GROUP = "distillery.dev";

    /** The API version of this model. */
    public static final String VERSION = "v1alpha1";

    /** The {@code apiVersion} a manifest of this resource carries. */
    public static final String API_VERSION = GROUP + "/" + VERSION;

    /** The spec is a record built by Jackson, so an empty resource starts without one. */
    @Override
    protected DistillationSpec initSpec() {
        return null;
    }

    @Override
    protected DistillationStatus initStatus() {
        return null;
    }
}
