package dev.distillery.cli.data;

import java.util.Map;
import java.util.Optional;

/**
 * A named dataset that a Debian package installs where the steps look for it ({@code
 * /usr/share/datasets/<name>}, the planner's default): Fashion-MNIST is {@code
 * dataset-fashion-mnist}.
 *
 * @param name the dataset's name in {@code spec.dataset.name}
 * @param packageName the Debian package that installs it
 */
public record DebianDataset(String name, String packageName) {

    private static final Map<String, String> PACKAGES =
            Map.of("fashion-mnist", "dataset-fashion-mnist");

    /** The package of the dataset named {@code name}, if Debian has one. */
    public static Optional<DebianDataset> named(String name) {
        return Optional.ofNullable(name == null ? null : PACKAGES.get(name))
                .map(p -> new DebianDataset(name, p));
    }
}
