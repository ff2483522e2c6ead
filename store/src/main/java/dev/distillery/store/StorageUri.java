package dev.distillery.store;

import dev.distillery.contract.DistilleryException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A parsed storage location: {@code s3://bucket/key/prefix}, {@code file:///absolute/folder}, or a
 * plain local path (absolute or relative to the working directory), so that callers build
 * sub-locations with {@link #child(String)} instead of string surgery.
 *
 * @param scheme {@code s3} or {@code file}
 * @param bucket the S3 bucket; empty for {@code file}
 * @param path the key prefix below the bucket without leading or trailing slashes (may be empty)
 *     for {@code s3}; the absolute, normalized folder for {@code file}
 */
public record StorageUri(String scheme, String bucket, String path) {

    /** The scheme of S3 (and S3-compatible) object storage. */
    public static final String S3 = "s3";

    /** The scheme of a local folder. */
    public static final String FILE = "file";

    // S3 bucket naming rules (lower case letters, digits, dots, hyphens; 3 to 63 characters).
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern SCHEME = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*)://.*");

    /** Parses {@code uri}; an unknown scheme or a malformed location is bad input naming it. */
    public static StorageUri parse(String uri) {
        if (uri == null || uri.isBlank()) {
            throw DistilleryException.badInput("storage URI is empty");
        }
        var scheme = SCHEME.matcher(uri);
        if (!scheme.matches()) {
            return ofLocalPath(uri, uri);
        }
        String name = scheme.group(1).toLowerCase(Locale.ROOT);
        String rest = uri.substring(scheme.group(1).length() + "://".length());
        return switch (name) {
            case S3 -> ofS3(uri, rest);
            case FILE -> ofFile(uri, rest);
            default ->
                    throw DistilleryException.badInput(
                            "storage URI '"
                                    + uri
                                    + "' has unknown scheme '"
                                    + name
                                    + "': use s3://bucket/prefix, file:///absolute/path or a"
                                    + " local path");
        };
    }

    /** The location of a local folder. */
    public static StorageUri of(Path folder) {
        return new StorageUri(FILE, "", folder.toAbsolutePath().normalize().toString());
    }

    private static StorageUri ofS3(String uri, String rest) {
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (!BUCKET.matcher(bucket).matches()) {
            throw DistilleryException.badInput(
                    "storage URI '"
                            + uri
                            + "' has no valid bucket name ('"
                            + bucket
                            + "'): use s3://bucket/prefix");
        }
        return new StorageUri(S3, bucket, checkedKeyPrefix(uri, prefix));
    }

    private static StorageUri ofFile(String uri, String rest) {
        if (!rest.startsWith("/")) {
            throw DistilleryException.badInput(
                    "storage URI '"
                            + uri
                            + "' is not an absolute file URI: use file:///absolute/path (three"
                            + " slashes) or a plain path");
        }
        return ofLocalPath(uri, rest);
    }

    private static StorageUri ofLocalPath(String uri, String path) {
        try {
            return of(Path.of(path));
        } catch (InvalidPathException e) {
            throw DistilleryException.badInput(
                    "storage URI '" + uri + "' is not a valid path: " + e.getReason(), e);
        }
    }

    private static String checkedKeyPrefix(String uri, String prefix) {
        String trimmed = prefix.replaceAll("/+$", "");
        for (String segment : trimmed.split("/", -1)) {
            if (!trimmed.isEmpty()
                    && (segment.isEmpty() || ".".equals(segment) || "..".equals(segment))) {
                throw DistilleryException.badInput(
                        "storage URI '"
                                + uri
                                + "' has an empty, '.' or '..' segment in its key prefix");
            }
        }
        return trimmed;
    }

    /** Whether this names S3 object storage. */
    public boolean isS3() {
        return S3.equals(scheme);
    }

    /** Whether this names a local folder. */
    public boolean isFile() {
        return FILE.equals(scheme);
    }

    /**
     * The location {@code relative} below this one, such as {@code child("checkpoint")}; {@code
     * relative} may hold several {@code /}-separated segments but no empty, {@code .} or {@code ..}
     * segment.
     */
    public StorageUri child(String relative) {
        if (relative == null || relative.isEmpty() || relative.startsWith("/")) {
            throw DistilleryException.badInput(
                    "'" + relative + "' is not a relative name below " + this);
        }
        checkedKeyPrefix(this + "/" + relative, relative);
        String trimmed = relative.replaceAll("/+$", "");
        String joined = path.isEmpty() ? trimmed : path + "/" + trimmed;
        return new StorageUri(scheme, bucket, joined);
    }

    /** The local folder this names; only for {@code file} locations. */
    public Path localPath() {
        if (!isFile()) {
            throw new IllegalStateException(this + " is not a local folder");
        }
        return Path.of(path);
    }

    /**
     * The object key of {@code relative} (a {@code /}-separated path) below this S3 prefix; only
     * for {@code s3} locations.
     */
    public String key(String relative) {
        if (!isS3()) {
            throw new IllegalStateException(this + " is not an S3 location");
        }
        return path.isEmpty() ? relative : path + "/" + relative;
    }

    /** The canonical text: {@code s3://bucket/prefix} or {@code file:///folder}. */
    @Override
    public String toString() {
        if (isS3()) {
            return path.isEmpty() ? "s3://" + bucket : "s3://" + bucket + "/" + path;
        }
        return "file://" + path;
    }
}
