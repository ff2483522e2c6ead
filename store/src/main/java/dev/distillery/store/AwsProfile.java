package dev.distillery.store;

import dev.distillery.contract.DistilleryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One profile of the AWS shared files, as the AWS CLI and SDKs read them: {@code [name]} in the
 * credentials file ({@code AWS_SHARED_CREDENTIALS_FILE}, default {@code ~/.aws/credentials}) over
 * {@code [profile name]} (or {@code [default]}) in the config file ({@code AWS_CONFIG_FILE},
 * default {@code ~/.aws/config}); the profile is {@code AWS_PROFILE}, default {@code default}. A
 * nested setting such as {@code s3 = \n addressing_style = path} reads as {@code
 * s3.addressing_style}. {@link #toString()} never shows a value.
 *
 * @param name the profile's name
 * @param values its settings, keys in lower case, the credentials file's winning
 * @param files the files it was found in, for messages
 */
public record AwsProfile(String name, Map<String, String> values, List<Path> files) {

    static final String PROFILE_VARIABLE = "AWS_PROFILE";
    static final String CREDENTIALS_FILE_VARIABLE = "AWS_SHARED_CREDENTIALS_FILE";
    static final String CONFIG_FILE_VARIABLE = "AWS_CONFIG_FILE";

    /**
     * The profile {@code env} selects, or empty when neither file has it and {@code AWS_PROFILE}
     * does not ask for it. A named profile or file that does not exist is bad input naming it.
     */
    public static Optional<AwsProfile> load(Map<String, String> env) {
        String named = value(env, PROFILE_VARIABLE);
        String name = named == null ? "default" : named;
        Path credentialsFile = file(env, CREDENTIALS_FILE_VARIABLE, "credentials");
        Path configFile = file(env, CONFIG_FILE_VARIABLE, "config");
        Map<String, String> values = new HashMap<>();
        List<Path> files = new ArrayList<>();
        Map<String, Map<String, String>> config = read(configFile);
        Map<String, String> fromConfig =
                config.getOrDefault(
                        "profile " + name, "default".equals(name) ? config.get("default") : null);
        if (fromConfig != null) {
            values.putAll(fromConfig);
            files.add(configFile);
        }
        Map<String, String> fromCredentials = read(credentialsFile).get(name);
        if (fromCredentials != null) {
            values.putAll(fromCredentials);
            files.add(0, credentialsFile);
        }
        if (files.isEmpty()) {
            if (named != null) {
                throw DistilleryException.badInput(
                        PROFILE_VARIABLE
                                + "='"
                                + name
                                + "' names no profile: neither ["
                                + name
                                + "] in "
                                + credentialsFile
                                + " nor [profile "
                                + name
                                + "] in "
                                + configFile);
            }
            return Optional.empty();
        }
        return Optional.of(new AwsProfile(name, Map.copyOf(values), List.copyOf(files)));
    }

    /** The setting {@code key} (lower case), if the profile has it. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key)).filter(v -> !v.isEmpty());
    }

    /** How messages name this profile, such as {@code profile 'ci' in /home/u/.aws/credentials}. */
    public String describe() {
        StringBuilder text = new StringBuilder("profile '").append(name).append("' in ");
        for (int i = 0; i < files.size(); i++) {
            text.append(i == 0 ? "" : " and ").append(files.get(i));
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return "AwsProfile[" + describe() + ", keys=" + values.keySet() + "]";
    }

    /**
     * The sections of an AWS INI file, or none when it does not exist. Comments start a line with
     * {@code #} or {@code ;}; an indented line below an empty setting is nested under it.
     */
    static Map<String, Map<String, String>> read(Path file) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return sections;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw DistilleryException.badInput("cannot read AWS settings file " + file + ": " + e);
        }
        Map<String, String> section = null;
        String parent = null;
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(";")) {
                continue;
            }
            if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
                String header = trimmed.substring(1, trimmed.length() - 1).strip();
                section =
                        sections.computeIfAbsent(
                                header.replaceAll("\\s+", " "), h -> new HashMap<>());
                parent = null;
                continue;
            }
            int equals = trimmed.indexOf('=');
            if (section == null || equals < 0) {
                continue;
            }
            String key = trimmed.substring(0, equals).strip().toLowerCase(Locale.ROOT);
            String value = trimmed.substring(equals + 1).strip();
            boolean nested = Character.isWhitespace(line.charAt(0)) && parent != null;
            if (nested) {
                section.put(parent + "." + key, value);
            } else {
                section.put(key, value);
                parent = value.isEmpty() ? key : null;
            }
        }
        return sections;
    }

    private static Path file(Map<String, String> env, String variable, String defaultName) {
        String configured = value(env, variable);
        if (configured == null) {
            return home(env).resolve(".aws").resolve(defaultName);
        }
        Path path =
                configured.startsWith("~/")
                        ? home(env).resolve(configured.substring(2))
                        : Path.of(configured);
        if (!Files.isRegularFile(path)) {
            throw DistilleryException.badInput(
                    variable + "='" + configured + "' is not a readable file");
        }
        return path;
    }

    private static Path home(Map<String, String> env) {
        String home = value(env, "HOME");
        return Path.of(home != null ? home : System.getProperty("user.home"));
    }

    private static String value(Map<String, String> env, String variable) {
        String value = env.get(variable);
        return value == null || value.isBlank() ? null : value.strip();
    }
}
