package dev.distillery.store;

import dev.distillery.contract.ArtifactFiles;
import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.RemoveObjectsArgs;
import io.minio.Result;
import io.minio.UploadObjectArgs;
import io.minio.credentials.Provider;
import io.minio.messages.DeleteError;
import io.minio.messages.DeleteObject;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * Artifacts in S3 or an S3-compatible server ({@code s3://bucket/prefix}), through the MinIO client
 * with path-style or virtual-host addressing. Files larger than a part go up as resumable multipart
 * uploads ({@link ResumableUpload}). Objects are uploaded first and the manifest last; S3 makes
 * each object visible whole, so a reader sees no manifest or one whose files are all there.
 * Downloads are verified against the manifest before they are renamed into place.
 */
public final class S3ArtifactStore implements ArtifactStore {

    private static final long DATA_TIMEOUT_MILLIS = TimeUnit.MINUTES.toMillis(5);

    private final MinioClient client;
    private final MinioAsyncClient asyncClient;
    private final S3Requests requests;
    private final long partSize;

    /** A store for the endpoint, credentials and retry policy in {@code settings}. */
    public S3ArtifactStore(S3Settings settings) {
        this(settings, new S3Requests(settings), null);
    }

    /** A store whose HTTP goes through {@code http} (tests add interceptors and DNS), or null. */
    S3ArtifactStore(S3Settings settings, S3Requests requests, OkHttpClient http) {
        Optional<Provider> credentials = settings.credentials().provider(settings.connectTimeout());
        MinioClient.Builder builder =
                MinioClient.builder().endpoint(settings.endpoint()).region(settings.region());
        MinioAsyncClient.Builder asyncBuilder =
                MinioAsyncClient.builder().endpoint(settings.endpoint()).region(settings.region());
        credentials.ifPresent(builder::credentialsProvider);
        credentials.ifPresent(asyncBuilder::credentialsProvider);
        if (http != null) {
            builder.httpClient(http);
            asyncBuilder.httpClient(http);
        }
        this.client = builder.build();
        this.asyncClient = asyncBuilder.build();
        long timeout = settings.connectTimeout().toMillis();
        if (settings.virtualHost()) {
            client.enableVirtualStyleEndpoint();
            asyncClient.enableVirtualStyleEndpoint();
        } else {
            client.disableVirtualStyleEndpoint();
            asyncClient.disableVirtualStyleEndpoint();
        }
        client.setTimeout(timeout, DATA_TIMEOUT_MILLIS, DATA_TIMEOUT_MILLIS);
        asyncClient.setTimeout(timeout, DATA_TIMEOUT_MILLIS, DATA_TIMEOUT_MILLIS);
        this.requests = requests;
        this.partSize = settings.partSize();
    }

    @Override
    public Manifest publish(Path localDir, String uri) {
        StorageUri at = s3(uri);
        if (!Files.isDirectory(localDir)) {
            throw DistilleryException.badInput(
                    "cannot publish " + uri + ": " + localDir + " is not a folder");
        }
        Manifest manifest = Manifest.of(localDir);
        String manifestKey = at.key(ArtifactFiles.MANIFEST);
        requests.send(
                "remove the old manifest of",
                at,
                () -> {
                    client.removeObject(
                            RemoveObjectArgs.builder()
                                    .bucket(at.bucket())
                                    .object(manifestKey)
                                    .build());
                    return true;
                });
        ResumableUpload multipart = new ResumableUpload(asyncClient, requests, partSize);
        for (ManifestEntry entry : manifest.files()) {
            Path file = localDir.resolve(entry.path());
            if (entry.size() > partSize) {
                try {
                    multipart.upload(at, entry.path(), file);
                } catch (IOException e) {
                    throw localFailure("cannot read " + file + " to publish " + uri, e);
                }
                continue;
            }
            requests.send(
                    "upload",
                    at.child(entry.path()),
                    () ->
                            client.uploadObject(
                                    UploadObjectArgs.builder()
                                            .bucket(at.bucket())
                                            .object(at.key(entry.path()))
                                            .filename(file.toString(), partSize)
                                            .build()));
        }
        byte[] json = manifest.toJson();
        requests.send(
                "write the manifest of",
                at,
                () ->
                        client.putObject(
                                PutObjectArgs.builder()
                                        .bucket(at.bucket())
                                        .object(manifestKey)
                                        .stream(new ByteArrayInputStream(json), json.length, -1)
                                        .contentType("application/json")
                                        .build()));
        return manifest;
    }

    @Override
    public boolean isComplete(String uri) {
        StorageUri at = s3(uri);
        // A GET, not a HEAD: a HEAD answer has no body, so a missing bucket would look like a
        // missing manifest instead of the bad input it is.
        return requests.sendUnlessAbsent(
                        "look for the manifest of",
                        at,
                        () -> {
                            get(at, ArtifactFiles.MANIFEST).close();
                            return true;
                        })
                .isPresent();
    }

    @Override
    public Optional<Manifest> manifest(String uri) {
        StorageUri at = s3(uri);
        return requests.sendUnlessAbsent(
                        "read the manifest of",
                        at,
                        () -> {
                            try (GetObjectResponse in = get(at, ArtifactFiles.MANIFEST)) {
                                return in.readAllBytes();
                            }
                        })
                .map(json -> Manifest.fromJson(json, uri));
    }

    @Override
    public Path fetch(String uri, Path scratch) {
        StorageUri at = s3(uri);
        Manifest manifest = completeManifest(uri);
        Path folder = localFolder(scratch, at);
        try {
            Files.createDirectories(folder);
            Files.deleteIfExists(folder.resolve(ArtifactFiles.MANIFEST));
            for (ManifestEntry entry : manifest.files()) {
                Path file = folder.resolve(entry.path());
                if (!matches(file, entry)) {
                    download(at, entry, file);
                }
            }
            Path temporary = Files.createTempFile(folder, ArtifactFiles.MANIFEST, ".tmp");
            Files.write(temporary, manifest.toJson());
            Files.move(
                    temporary,
                    folder.resolve(ArtifactFiles.MANIFEST),
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw localFailure("cannot fetch " + uri + " into " + folder, e);
        }
        return folder;
    }

    @Override
    public Path fetchFiles(String uri, Path scratch) {
        StorageUri at = s3(uri);
        Path folder = localFolder(scratch, at);
        List<Item> objects = list(at);
        if (objects.isEmpty()) {
            throw DistilleryException.badInput(
                    "no objects below " + uri + "/ (a folder prefix is expected, not one object)");
        }
        String prefix = at.path().isEmpty() ? "" : at.path() + "/";
        try {
            for (Item object : objects) {
                String relative = object.objectName().substring(prefix.length());
                Path file = folder.resolve(relative).normalize();
                if (!file.startsWith(folder)) {
                    throw DistilleryException.badInput(
                            "object '" + object.objectName() + "' below " + uri + " escapes it");
                }
                Files.createDirectories(file.getParent());
                requests.send(
                        "download",
                        at.child(relative),
                        () -> {
                            try (InputStream in = get(at, relative)) {
                                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                            }
                            return true;
                        });
            }
        } catch (IOException e) {
            throw localFailure("cannot fetch " + uri + " into " + folder, e);
        }
        return folder;
    }

    @Override
    public void writeObject(String uri, byte[] content) {
        StorageUri at = object(uri);
        requests.send(
                "write",
                at,
                () ->
                        client.putObject(
                                PutObjectArgs.builder()
                                        .bucket(at.bucket())
                                        .object(at.path())
                                        .stream(
                                                new ByteArrayInputStream(content),
                                                content.length,
                                                -1)
                                        .contentType("text/plain; charset=utf-8")
                                        .build()));
    }

    @Override
    public Optional<byte[]> readObject(String uri) {
        StorageUri at = object(uri);
        return requests.sendUnlessAbsent(
                "read",
                at,
                () -> {
                    try (GetObjectResponse in =
                            client.getObject(
                                    GetObjectArgs.builder()
                                            .bucket(at.bucket())
                                            .object(at.path())
                                            .build())) {
                        return in.readAllBytes();
                    }
                });
    }

    @Override
    public void deleteObject(String uri) {
        StorageUri at = object(uri);
        requests.send(
                "delete",
                at,
                () -> {
                    client.removeObject(
                            RemoveObjectArgs.builder()
                                    .bucket(at.bucket())
                                    .object(at.path())
                                    .build());
                    return true;
                });
    }

    /** An s3:// URI naming one object, not a bucket. */
    private static StorageUri object(String uri) {
        StorageUri at = s3(uri);
        if (at.path().isEmpty()) {
            throw DistilleryException.badInput(uri + " names a bucket, not an object");
        }
        return at;
    }

    @Override
    public void delete(String uri) {
        StorageUri at = s3(uri);
        if (at.path().isEmpty()) {
            throw DistilleryException.badInput(
                    "refusing to delete every object of bucket " + uri + ": name a prefix");
        }
        requests.send(
                "remove the manifest of",
                at,
                () -> {
                    client.removeObject(
                            RemoveObjectArgs.builder()
                                    .bucket(at.bucket())
                                    .object(at.key(ArtifactFiles.MANIFEST))
                                    .build());
                    return true;
                });
        List<DeleteObject> objects = new ArrayList<>();
        for (Item item : list(at)) {
            objects.add(new DeleteObject(item.objectName()));
        }
        if (objects.isEmpty()) {
            return;
        }
        requests.send(
                "delete",
                at,
                () -> {
                    Iterable<Result<DeleteError>> errors =
                            client.removeObjects(
                                    RemoveObjectsArgs.builder()
                                            .bucket(at.bucket())
                                            .objects(objects)
                                            .build());
                    for (Result<DeleteError> result : errors) {
                        DeleteError error = result.get();
                        throw new DistilleryException(
                                ExitCodes.FAILURE,
                                "cannot delete "
                                        + error.objectName()
                                        + " below "
                                        + uri
                                        + ": "
                                        + error.code());
                    }
                    return true;
                });
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot close the S3 client", e);
        }
    }

    /** Every object below {@code at} (as a folder), folder markers left out. */
    private List<Item> list(StorageUri at) {
        String prefix = at.path().isEmpty() ? "" : at.path() + "/";
        return requests.send(
                "list",
                at,
                () -> {
                    List<Item> items = new ArrayList<>();
                    for (Result<Item> result :
                            client.listObjects(
                                    ListObjectsArgs.builder()
                                            .bucket(at.bucket())
                                            .prefix(prefix)
                                            .recursive(true)
                                            .build())) {
                        Item item = result.get();
                        if (!item.isDir() && !item.objectName().endsWith("/")) {
                            items.add(item);
                        }
                    }
                    return items;
                });
    }

    private GetObjectResponse get(StorageUri at, String relative) throws Exception {
        return client.getObject(
                GetObjectArgs.builder().bucket(at.bucket()).object(at.key(relative)).build());
    }

    /**
     * Downloads one listed file to a temporary name beside {@code file}, checks its size and sha256
     * against the manifest, and only then renames it into place.
     */
    private void download(StorageUri at, ManifestEntry entry, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".part");
        try {
            boolean found =
                    requests.sendUnlessAbsent(
                                    "download",
                                    at.child(entry.path()),
                                    () -> {
                                        copyVerified(get(at, entry.path()), temporary, at, entry);
                                        return true;
                                    })
                            .isPresent();
            if (!found) {
                throw Manifest.corrupt(at.toString(), entry, "is missing");
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void copyVerified(
            GetObjectResponse response, Path temporary, StorageUri at, ManifestEntry entry)
            throws IOException {
        MessageDigest digest = Sha256.digest();
        long size;
        try (InputStream in = response;
                OutputStream out =
                        new DigestOutputStream(Files.newOutputStream(temporary), digest)) {
            size = in.transferTo(out);
        }
        if (size != entry.size()) {
            throw Manifest.corrupt(
                    at.toString(),
                    entry,
                    "has " + size + " bytes where its manifest says " + entry.size());
        }
        if (!Sha256.hex(digest).equals(entry.sha256())) {
            throw Manifest.corrupt(
                    at.toString(), entry, "does not match the sha256 in its manifest");
        }
    }

    /** Whether a file from an earlier fetch already holds the listed bytes. */
    private static boolean matches(Path file, ManifestEntry entry) throws IOException {
        return Files.isRegularFile(file)
                && Files.size(file) == entry.size()
                && Sha256.of(file).equals(entry.sha256());
    }

    /** Where a fetch of {@code at} lands below {@code scratch}: {@code scratch/bucket/prefix}. */
    private static Path localFolder(Path scratch, StorageUri at) {
        Path folder = scratch.toAbsolutePath().normalize().resolve(at.bucket());
        return at.path().isEmpty() ? folder : folder.resolve(at.path());
    }

    private static StorageUri s3(String uri) {
        StorageUri parsed = StorageUri.parse(uri);
        if (!parsed.isS3()) {
            throw DistilleryException.badInput(uri + " is not an s3:// URI");
        }
        return parsed;
    }

    private static DistilleryException localFailure(String message, IOException e) {
        return new DistilleryException(ExitCodes.FAILURE, message + ": " + e, e);
    }
}
