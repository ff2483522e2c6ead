package dev.distillery.steps.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.distillery.contract.DistilleryException;
import dev.distillery.steps.data.ImageShape;
import dev.distillery.steps.data.Normalization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The contents of {@code model.json}: everything needed to rebuild a network before loading its
 * {@code .params}, and to feed it inputs the way it was trained.
 *
 * @param spec the model spec string, see {@link ModelSpec}
 * @param inputShape channels, height and width of one input image
 * @param classes the number of classes (output logits)
 * @param classNames one name per class
 * @param mean the normalization mean of the first channel, in pixel/255 units (the one value before
 *     per-channel statistics were kept)
 * @param std the normalization standard deviation of the first channel, in pixel/255 units
 * @param parameters the trainable parameter count
 * @param paramsPrefix the DJL parameter file prefix: {@code <prefix>-0000.params}
 * @param channelMean the normalization mean per channel (absent in older descriptions: {@code mean}
 *     for every channel)
 * @param channelStd the normalization standard deviation per channel
 */
public record ModelDescription(
        String spec,
        int[] inputShape,
        int classes,
        List<String> classNames,
        double mean,
        double std,
        long parameters,
        String paramsPrefix,
        double[] channelMean,
        double[] channelStd) {

    /** The description of a network trained with {@code normalization}. */
    public static ModelDescription of(
            String spec,
            ImageShape shape,
            int classes,
            List<String> classNames,
            Normalization normalization,
            long parameters,
            String paramsPrefix) {
        return new ModelDescription(
                spec,
                new int[] {shape.channels(), shape.height(), shape.width()},
                classes,
                classNames,
                normalization.mean()[0],
                normalization.std()[0],
                parameters,
                paramsPrefix,
                normalization.mean(),
                normalization.std());
    }

    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The shape of one input image. */
    public ImageShape shape() {
        return new ImageShape(inputShape[0], inputShape[1], inputShape[2]);
    }

    /** How inputs are normalized: per channel, or one mean and std for all (older models). */
    public Normalization normalization() {
        if (channelMean != null && channelStd != null) {
            return new Normalization(channelMean, channelStd);
        }
        return Normalization.uniform(mean, std, inputShape[0]);
    }

    /** The parsed spec. */
    public ModelSpec modelSpec() {
        return ModelSpec.parse(spec);
    }

    /** Writes this description as {@code file}. */
    public void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    /** Reads the description in {@code file}; a missing or malformed file is bad input. */
    public static ModelDescription read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw DistilleryException.badInput("model description " + file + " does not exist");
        }
        try {
            ModelDescription description = JSON.readValue(file.toFile(), ModelDescription.class);
            if (description.spec() == null
                    || description.inputShape() == null
                    || description.inputShape().length != 3
                    || description.classes() <= 0) {
                throw DistilleryException.badInput(
                        "model description " + file + " lacks spec, inputShape or classes");
            }
            return description;
        } catch (IOException e) {
            throw DistilleryException.badInput(
                    "model description " + file + " is not valid JSON: " + e.getMessage(), e);
        }
    }
}
