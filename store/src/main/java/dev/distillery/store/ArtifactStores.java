package dev.distillery.store;

import dev.distillery.contract.DistilleryException;
import java.util.Map;

/** Opens the {@link ArtifactStore} that serves a URI's scheme. */
public final class ArtifactStores {
    private ArtifactStores() {}

    /**
     * The store for {@code uri} ({@code s3://} with settings from this process's environment, or
     * {@code file://} and plain paths); an unknown scheme is bad input naming the URI.
     */
    public static ArtifactStore open(String uri) {
        return open(uri, System.getenv());
    }

    /** Like {@link #open(String)}, with S3 settings read from {@code env}. */
    public static ArtifactStore open(String uri, Map<String, String> env) {
        StorageUri parsed = StorageUri.parse(uri);
        if (parsed.isS3()) {
            return new S3ArtifactStore(S3Settings.fromEnvironment(env));
        }
        if (parsed.isFile()) {
            return new FileArtifactStore();
        }
        throw DistilleryException.badInput("no artifact store serves " + uri);
    }
}
