package dev.distillery.store;

/**
 * One file of an artifact as its manifest records it.
 *
 * @param path the file's path below the artifact, {@code /}-separated, never absolute
 * @param size the file's length in bytes
 * @param sha256 the lower-case hex SHA-256 of the file's bytes
 */
public record ManifestEntry(String path, long size, String sha256) {}
