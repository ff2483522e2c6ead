package dev.distillery.steps.report;

import dev.distillery.steps.export.DeployedVariants;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A shipped student's deployment variants as the report shows them.
 *
 * @param student the spec's student (the grid's name) or the variant's name outside a grid
 * @param variant the variant deployed: the chosen setting's seed with the best validation accuracy
 * @param split the samples scored: {@code test}, or {@code validation} for data without a test
 *     split
 * @param variants its TorchScript export in float32 and int8, scored
 */
record StudentDeployment(
        String student, String variant, String split, List<DeployedVariants.Variant> variants) {

    StudentDeployment {
        variants = List.copyOf(variants);
    }

    /** The rows of {@code metrics.json}: one map per variant, plain numbers. */
    List<Map<String, Object>> rows() {
        return variants.stream().map(this::row).toList();
    }

    private Map<String, Object> row(DeployedVariants.Variant v) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("student", student);
        row.put("variant", variant);
        row.put("precision", v.precision().label());
        row.put("split", split);
        row.put("accuracy", v.accuracy());
        row.put("agreement", v.agreement());
        row.put("bytes", v.bytes());
        row.put("millisPerImage", v.millisPerImage());
        row.put("millisPerImageInBatches", v.millisPerImageInBatches());
        return row;
    }
}
