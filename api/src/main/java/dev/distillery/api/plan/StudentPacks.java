package dev.distillery.api.plan;

import dev.distillery.api.spec.DistillationSpec;
import dev.distillery.api.spec.StudentSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which student variants train together: those of students with the same {@code group} and the same
 * seed share one step (a pack), one per seed of a seed sweep; the others train alone.
 */
final class StudentPacks {

    /**
     * One pack.
     *
     * @param group the students' group
     * @param seed the seed its variants share
     * @param variants its variants, in spec and grid order
     */
    record Pack(String group, long seed, List<StudentVariant> variants) {
        Pack {
            variants = List.copyOf(variants);
        }

        /** The step name of the pack, {@code prefix} then the group and a swept seed. */
        String stepName(String prefix, DistillationSpec spec) {
            return prefix + group + (spec.sweep().seed() != null ? "-s" + seed : "");
        }
    }

    private StudentPacks() {}

    /** The packs of {@code variants}, in order of their first variant. */
    static List<Pack> of(DistillationSpec spec, List<StudentVariant> variants) {
        Map<List<Object>, List<StudentVariant>> byPack = new LinkedHashMap<>();
        for (StudentVariant variant : variants) {
            String group = group(spec, variant);
            if (group != null) {
                byPack.computeIfAbsent(
                                List.of(group, variant.training().seed()), k -> new ArrayList<>())
                        .add(variant);
            }
        }
        List<Pack> packs = new ArrayList<>();
        byPack.forEach(
                (key, members) ->
                        packs.add(new Pack((String) key.get(0), (Long) key.get(1), members)));
        return packs;
    }

    /**
     * The group of the student {@code variant} belongs to, or {@code null} when it trains alone.
     */
    static String group(DistillationSpec spec, StudentVariant variant) {
        return spec.students().stream()
                .filter(Objects::nonNull)
                .filter(s -> variant.student().equals(s.name()))
                .findFirst()
                .map(StudentSpec::group)
                .orElse(null);
    }
}
