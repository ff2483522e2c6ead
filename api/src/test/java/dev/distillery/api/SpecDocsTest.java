package dev.distillery.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/SPEC.md documents every field of the spec the CRD accepts. */
class SpecDocsTest {

    @Test
    void everySpecFieldIsInTheReference() throws IOException {
        JsonNode crd = new ObjectMapper(new YAMLFactory()).readTree(CrdDriftTest.shipped());
        JsonNode spec = crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
        String docs = Files.readString(Path.of("..", "docs", "SPEC.md"));
        List<String> fields = new ArrayList<>();
        collect("", spec, fields);

        assertThat(fields).hasSizeGreaterThan(40);
        assertThat(fields)
                .as("fields of the CRD missing from docs/SPEC.md")
                .allMatch(field -> documented(docs, field));
    }

    @Test
    void theExampleInTheReferenceIsValid() throws IOException {
        String docs = Files.readString(Path.of("..", "docs", "SPEC.md"));
        int start = docs.indexOf("```yaml\n") + "```yaml\n".length();
        String example = docs.substring(start, docs.indexOf("```", start));

        Distillation d = DistillationYaml.parse(example, "docs/SPEC.md");

        assertThat(d.getSpec().students().get(1).model()).isEqualTo("cnn:4,8;head=32");
        assertThat(d.getSpec().sweep().seed()).containsExactly(1L, 2L, 3L);
    }

    /**
     * A field counts as documented when its path appears; a training setting or a stage's resource
     * when it appears in the shared block that documents all of them.
     */
    private static boolean documented(String docs, String field) {
        String leaf = field.substring(field.lastIndexOf('.') + 1);
        return docs.contains("`" + field)
                || (field.contains(".training.") && docs.contains("`" + leaf + "`"))
                || (field.matches("resources\\.[a-zA-Z]+\\..*")
                        && docs.contains("`resources.<stage>." + leaf + "`"));
    }

    private static void collect(String path, JsonNode schema, List<String> out) {
        JsonNode node = schema.has("items") ? schema.get("items") : schema;
        JsonNode properties = node.get("properties");
        if (properties == null) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = properties.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String child = (path.isEmpty() ? "" : path + ".") + field.getKey();
            if (field.getValue().has("items")) {
                child += "[]";
            }
            out.add(child);
            if (!child.startsWith("pod.") && !child.equals("stages[].pod")) {
                collect(child, field.getValue(), out);
            }
        }
    }
}
