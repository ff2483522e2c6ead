package dev.distillery.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.distillery.api.validation.FieldError;
import dev.distillery.api.validation.InvalidDistillationException;
import dev.distillery.api.validation.Validation;
import dev.distillery.contract.DistilleryException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads a Distillation from YAML or JSON the way the API server would judge it: unknown fields and
 * values of the wrong type are errors naming their path, and every problem (of parsing and of
 * {@link Validation}) is reported at once. Also writes a Distillation back as YAML or JSON.
 */
public final class DistillationYaml {

    private static final ObjectMapper YAML =
            new ObjectMapper(
                            YAMLFactory.builder()
                                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                                    .build())
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DistillationYaml() {}

    /** Reads and validates {@code file}; throws listing every problem, prefixed by the file. */
    public static Distillation read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw DistilleryException.badInput(file + ": no such file", e);
        } catch (IOException e) {
            throw DistilleryException.badInput(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** Parses and validates {@code text}; {@code source} names it in the error message. */
    public static Distillation parse(String text, String source) {
        Parsed parsed = parseWithoutValidation(text);
        List<FieldError> errors = new ArrayList<>(parsed.errors());
        if (parsed.distillation() != null) {
            for (FieldError error : Validation.validate(parsed.distillation())) {
                if (!reported(parsed.errors(), error.path())) {
                    errors.add(error);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidDistillationException(source, errors);
        }
        return parsed.distillation();
    }

    /** Whether a parse error already covers {@code path} (a value read as absent, say). */
    private static boolean reported(List<FieldError> parseErrors, String path) {
        return parseErrors.stream()
                .anyMatch(
                        e ->
                                path.equals(e.path())
                                        || path.startsWith(e.path() + ".")
                                        || path.startsWith(e.path() + "["));
    }

    /**
     * Parses {@code text} into a Distillation, collecting the unknown fields and wrongly typed
     * values instead of stopping at the first.
     */
    public static Parsed parseWithoutValidation(String text) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode tree;
        try {
            List<JsonNode> documents = documents(text);
            if (documents.size() > 1) {
                return new Parsed(
                        null,
                        List.of(
                                new FieldError(
                                        "(document)",
                                        "the file holds "
                                                + documents.size()
                                                + " YAML documents: give one Distillation per"
                                                + " file")));
            }
            tree = documents.isEmpty() ? null : documents.get(0);
        } catch (IOException e) {
            return new Parsed(null, List.of(new FieldError("(document)", syntax(e))));
        }
        if (tree == null || !tree.isObject()) {
            return new Parsed(
                    null,
                    List.of(
                            new FieldError(
                                    "(document)", "must be a Distillation resource (a map)")));
        }
        header(tree, "apiVersion", Distillation.API_VERSION, errors);
        header(tree, "kind", "Distillation", errors);
        Distillation distillation;
        try {
            distillation =
                    // Trailing content is checked for the document only: fabric8's Quantity
                    // reads its value as a tree through the mapper, which with this check
                    // mistook the rest of its enclosing object for trailing tokens.
                    YAML.readerFor(Distillation.class)
                            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                            .withHandler(new ProblemCollector(errors))
                            .readValue(text);
        } catch (JsonMappingException e) {
            errors.add(new FieldError(path(e), e.getOriginalMessage()));
            return new Parsed(null, errors);
        } catch (JsonProcessingException e) {
            errors.add(new FieldError("(document)", syntax(e)));
            return new Parsed(null, errors);
        }
        return new Parsed(distillation, errors);
    }

    /** {@code distillation} as YAML, as {@code kubectl apply} accepts it. */
    public static String toYaml(Distillation distillation) {
        try {
            return YAML.writeValueAsString(distillation);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a Distillation as YAML", e);
        }
    }

    /** {@code distillation} as indented JSON. */
    public static String toJson(Distillation distillation) {
        try {
            return JSON.writeValueAsString(distillation);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a Distillation as JSON", e);
        }
    }

    /**
     * A Distillation as parsed, and what was wrong with the text.
     *
     * @param distillation the resource, or {@code null} if the text could not be read as one
     * @param errors unknown fields, wrongly typed values and header mistakes
     */
    public record Parsed(Distillation distillation, List<FieldError> errors) {}

    private static void header(JsonNode tree, String field, String expected, List<FieldError> out) {
        JsonNode value = tree.get(field);
        if (value == null) {
            out.add(new FieldError(field, "is required: " + expected));
        } else if (!expected.equals(value.asText())) {
            out.add(
                    new FieldError(
                            field, "must be " + expected + ", not '" + value.asText() + "'"));
        }
    }

    private static List<JsonNode> documents(String text) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(text)) {
            while (it.hasNextValue()) {
                JsonNode document = it.nextValue();
                if (document != null && !document.isMissingNode() && !document.isNull()) {
                    documents.add(document);
                }
            }
        }
        return documents;
    }

    private static String syntax(IOException error) {
        if (!(error instanceof JsonProcessingException e)) {
            return "cannot read: " + error.getMessage();
        }
        String where =
                e.getLocation() != null
                        ? " at line "
                                + e.getLocation().getLineNr()
                                + ", column "
                                + e.getLocation().getColumnNr()
                        : "";
        return "not valid YAML or JSON" + where + ": " + e.getOriginalMessage();
    }

    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getFieldName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(ref.getFieldName());
            }
        }
        return out.isEmpty() ? "(document)" : out.toString();
    }

    /** The path of the value the parser is at, with {@code field} below it if it is not yet. */
    static String path(JsonStreamContext context, String field) {
        Deque<String> parts = new ArrayDeque<>();
        if (field != null && !field.equals(context.getCurrentName())) {
            parts.push("." + field);
        }
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.push("[" + c.getCurrentIndex() + "]");
            } else if (c.inObject() && c.getCurrentName() != null) {
                parts.push("." + c.getCurrentName());
            }
        }
        String joined = String.join("", parts);
        return joined.startsWith(".") ? joined.substring(1) : joined;
    }

    /** Records unknown fields and wrongly typed values, then lets parsing go on. */
    private static final class ProblemCollector extends DeserializationProblemHandler {
        private final List<FieldError> errors;

        ProblemCollector(List<FieldError> errors) {
            this.errors = errors;
        }

        @Override
        public boolean handleUnknownProperty(
                DeserializationContext ctxt,
                JsonParser p,
                JsonDeserializer<?> deserializer,
                Object beanOrClass,
                String propertyName)
                throws IOException {
            errors.add(
                    new FieldError(
                            path(p.getParsingContext(), propertyName),
                            "unknown field" + known(deserializer)));
            p.skipChildren();
            return true;
        }

        @Override
        public Object handleWeirdStringValue(
                DeserializationContext ctxt, Class<?> targetType, String value, String failureMsg) {
            errors.add(
                    new FieldError(
                            path(ctxt.getParser().getParsingContext(), null),
                            "'" + value + "' is not " + expected(targetType)));
            return null;
        }

        @Override
        public Object handleWeirdNumberValue(
                DeserializationContext ctxt, Class<?> targetType, Number value, String failureMsg) {
            errors.add(
                    new FieldError(
                            path(ctxt.getParser().getParsingContext(), null),
                            value + " is not " + expected(targetType)));
            return null;
        }

        @Override
        public Object handleUnexpectedToken(
                DeserializationContext ctxt,
                JavaType targetType,
                JsonToken t,
                JsonParser p,
                String failureMsg)
                throws IOException {
            // At a list or map the parser has already stepped into it: name its parent's field.
            JsonStreamContext context =
                    t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT
                            ? p.getParsingContext().getParent()
                            : p.getParsingContext();
            errors.add(
                    new FieldError(
                            path(context, null),
                            "must be " + expected(targetType.getRawClass()) + ", not " + kind(t)));
            p.skipChildren();
            return null;
        }

        private static String known(JsonDeserializer<?> deserializer) {
            List<String> names = new ArrayList<>();
            deserializer.getKnownPropertyNames().forEach(name -> names.add(String.valueOf(name)));
            names.sort(null);
            return names.isEmpty() ? "" : " (known: " + String.join(", ", names) + ")";
        }

        private static String expected(Class<?> type) {
            if (type.isEnum()) {
                List<String> values = new ArrayList<>();
                for (Object constant : type.getEnumConstants()) {
                    values.add(YAML.convertValue(constant, String.class));
                }
                return "one of " + String.join(", ", values);
            }
            if (type == Integer.class || type == Long.class || type == int.class) {
                return "an integer";
            }
            if (type == Double.class || type == double.class) {
                return "a number";
            }
            if (type == Boolean.class || type == boolean.class) {
                return "true or false";
            }
            if (type == String.class) {
                return "a string";
            }
            if (List.class.isAssignableFrom(type)) {
                return "a list";
            }
            return "a map of fields";
        }

        private static String kind(JsonToken token) {
            return switch (token) {
                case START_ARRAY -> "a list";
                case START_OBJECT -> "a map";
                case VALUE_STRING -> "a string";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                default -> "empty";
            };
        }
    }
}
