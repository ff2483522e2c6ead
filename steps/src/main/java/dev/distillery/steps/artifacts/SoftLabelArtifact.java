package dev.distillery.steps.artifacts;

import dev.distillery.contract.DistilleryException;
import dev.distillery.steps.softlabels.SoftLabelHeader;
import dev.distillery.steps.softlabels.SoftLabels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where soft labels live in storage: one artifact at the output URI when unsharded, or one artifact
 * per shard at {@code <output>/shard-I-of-N}, each complete on its own so parallel pods never write
 * the same artifact.
 */
public final class SoftLabelArtifact {
    private static final Pattern SHARD = Pattern.compile("shard-(\\d+)-of-(\\d+)");

    private SoftLabelArtifact() {}

    /** The artifact URI of shard {@code shard} of {@code shards} below {@code output}. */
    public static String shardUri(String output, int shard, int shards) {
        return shards == 1 ? output : StepStorage.child(output, shardName(shard, shards));
    }

    private static String shardName(int shard, int shards) {
        return String.format("shard-%05d-of-%05d", shard, shards);
    }

    /** Reads the soft labels at {@code uri}, every shard verified against its manifest. */
    public static SoftLabels read(StepStorage storage, String uri) {
        if (storage.isComplete(uri)) {
            return SoftLabels.read(uri, List.of(storage.fetch(uri)));
        }
        int shards = shards(storage, uri);
        List<Path> folders = new ArrayList<>();
        for (int shard = 0; shard < shards; shard++) {
            String shardUri = shardUri(uri, shard, shards);
            if (!storage.isComplete(shardUri)) {
                throw DistilleryException.badInput(
                        "soft labels "
                                + uri
                                + " are incomplete: shard "
                                + shard
                                + " of "
                                + shards
                                + " ("
                                + shardUri
                                + ") has not finished");
            }
            folders.add(storage.fetch(shardUri));
        }
        return SoftLabels.read(uri, folders);
    }

    /**
     * The artifact whose metrics score the combined teachers on the test split: the soft labels at
     * {@code uri} when unsharded, else their first shard (the only one that scores it).
     */
    public static String scoringArtifact(StepStorage storage, String uri) {
        if (storage.isComplete(uri)) {
            return uri;
        }
        return shardUri(uri, 0, shards(storage, uri));
    }

    private static int shards(StepStorage storage, String uri) {
        Path listing;
        try {
            listing = storage.fetchFiles(uri);
        } catch (DistilleryException e) {
            throw DistilleryException.badInput("no soft labels at " + uri, e);
        }
        int shards = 0;
        try (Stream<Path> children = Files.list(listing)) {
            for (Path child : children.toList()) {
                Matcher m = SHARD.matcher(child.getFileName().toString());
                if (m.matches()) {
                    shards = Integer.parseInt(m.group(2));
                }
            }
        } catch (IOException e) {
            throw DistilleryException.badInput("soft labels " + uri + " cannot be listed", e);
        }
        if (shards == 0) {
            throw DistilleryException.badInput(
                    "no soft labels at " + uri + ": neither a complete artifact nor shards");
        }
        return shards;
    }

    /** Whether {@code folder} holds a soft-label shard. */
    public static boolean isShard(Path folder) {
        return Files.isRegularFile(folder.resolve(SoftLabelHeader.FILE));
    }
}
