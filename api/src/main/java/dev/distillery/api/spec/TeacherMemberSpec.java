package dev.distillery.api.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * One member of an explicit teacher ensemble: its network and, optionally, its own seed.
 *
 * @param model the member's model spec
 * @param seed the member's seed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TeacherMemberSpec(
        @Required
                @Size(max = 128)
                @Pattern(ModelSpecSyntax.PATTERN)
                @JsonPropertyDescription("The member's network, for example cnn:32,64.")
                String model,
        @Min(0)
                @JsonPropertyDescription(
                        "The member's seed; teacher.training.seed plus the member's index when"
                                + " absent.")
                Long seed) {}
