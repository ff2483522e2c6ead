package dev.distillery.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The teacher: one network trained from a model spec, an ensemble of N such networks with
 * consecutive seeds, an explicit list of members, or already trained artifacts.
 *
 * @param model the model spec of every member
 * @param training how members are trained
 * @param ensemble how many members are trained
 * @param members an explicit member list
 * @param pretrained trained teacher artifacts to use instead of training
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value =
                "has(self.pretrained) ? !has(self.model) && !has(self.members) &&"
                        + " !has(self.ensemble) : (has(self.model) != has(self.members))",
        message =
                "set exactly one of teacher.model (with optional ensemble), teacher.members and"
                        + " teacher.pretrained")
@ValidationRule(
        value = "!has(self.ensemble) || has(self.model)",
        message = "teacher.ensemble needs teacher.model")
public record TeacherSpec(
        @Size(max = 128)
                @Pattern(ModelSpecSyntax.PATTERN)
                @JsonPropertyDescription(
                        "The teacher network, family:sizes, for example cnn:32,64 or"
                                + " mlp:1200,1200 or resnet:16,32.")
                String model,
        @JsonPropertyDescription(
                        "Training settings of every member (epochs, batchSize, learningRate,"
                                + " seed, weightDecay, augment).")
                TrainingSpec training,
        @Min(1)
                @Max(MAX_MEMBERS)
                @JsonPropertyDescription(
                        "Train N members of model with seeds seed, seed+1, ...; soft labels"
                                + " average their distributions. Default 1.")
                Integer ensemble,
        @Size(min = 1, max = MAX_MEMBERS)
                @JsonPropertyDescription(
                        "Explicit ensemble members, each with its own model and optional seed;"
                                + " instead of model and ensemble.")
                List<TeacherMemberSpec> members,
        @Size(min = 1, max = MAX_MEMBERS)
                @JsonPropertyDescription(
                        "URIs of trained teacher artifacts (file:// or s3://) to use instead of"
                                + " training; more than one forms an ensemble.")
                List<@Size(max = 1024) @Pattern("^(file|s3)://.+") String> pretrained) {

    /** The most teacher members an ensemble may have. */
    public static final int MAX_MEMBERS = 8;

    /** Fills the default training settings and copies the lists. */
    public TeacherSpec {
        training = training != null ? training : TrainingSpec.DEFAULTS;
        members = members != null ? Collections.unmodifiableList(new ArrayList<>(members)) : null;
        pretrained =
                pretrained != null
                        ? Collections.unmodifiableList(new ArrayList<>(pretrained))
                        : null;
    }

    /**
     * How many members the teacher has: the members or pretrained artifacts listed, else the
     * ensemble size (1 when absent).
     */
    public int memberCount() {
        if (members != null) {
            return members.size();
        }
        if (pretrained != null) {
            return pretrained.size();
        }
        return ensemble != null ? ensemble : 1;
    }
}
