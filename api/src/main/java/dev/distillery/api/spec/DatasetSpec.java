package dev.distillery.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The training data of a Distillation: a well-known dataset by name, or IDX files or an image
 * folder at a URI, optionally cut to its first samples.
 *
 * @param name a well-known dataset the step image provides
 * @param uri where the data lives
 * @param limit how many training samples to use
 * @param splitSeed the seed of the validation split that every step of the Distillation holds out
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "has(self.name) != has(self.uri)",
        message = "set exactly one of dataset.name and dataset.uri")
public record DatasetSpec(
        @Size(max = 64)
                @Pattern("^(fashion-mnist|mnist)$")
                @JsonPropertyDescription(
                        "A well-known dataset: fashion-mnist or mnist. Set this or uri.")
                String name,
        @Size(max = 1024)
                @Pattern("^(file|s3)://.+")
                @JsonPropertyDescription(
                        "A file:// or s3:// URI of a folder with IDX files (gzip or plain) or"
                                + " one folder per class of images. Set this or name.")
                String uri,
        @Min(1)
                @JsonPropertyDescription(
                        "Use only the first N training samples (every step sees the same N)."
                                + " All samples when absent.")
                Integer limit,
        @Default("42")
                @Min(0)
                @JsonPropertyDescription(
                        "Seed of the validation split: every teacher member, the soft-labels"
                                + " step and every student hold out the same samples, so no"
                                + " model is validated on images its teacher trained on."
                                + " Default "
                                + DEFAULT_SPLIT_SEED
                                + ".")
                Long splitSeed) {

    /** The split seed when {@code splitSeed} is absent (the steps' own default). */
    public static final long DEFAULT_SPLIT_SEED = 42;

    /** A dataset by {@code name} or {@code uri}, cut to {@code limit}, with the default split. */
    public DatasetSpec(String name, String uri, Integer limit) {
        this(name, uri, limit, null);
    }

    /** Fills the default split seed. */
    public DatasetSpec {
        splitSeed = splitSeed != null ? splitSeed : DEFAULT_SPLIT_SEED;
    }
}
