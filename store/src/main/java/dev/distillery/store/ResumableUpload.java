package dev.distillery.store;

import dev.distillery.contract.DistilleryException;
import dev.distillery.contract.ExitCodes;
import io.minio.GetObjectArgs;
import io.minio.MinioAsyncClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.messages.ListPartsResult;
import io.minio.messages.Part;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads a large file as an S3 multipart upload that survives its writer: parts go up one at a
 * time, each retried on its own, and the upload is never aborted on failure. Its id is recorded in
 * an object below the artifact ({@value #UPLOADS_FOLDER}/path) until it completes. A later upload
 * of the same file (the step's next try, after a crash or a kill) finds the unfinished upload,
 * keeps each part the server already holds with the same size and MD5 (its ETag), and sends only
 * the rest. A part that differs (the file changed) is sent again, so the object always ends up the
 * file's bytes. Unfinished uploads that nobody resumes are left for the bucket's lifecycle rule
 * ({@code AbortIncompleteMultipartUpload}).
 */
final class ResumableUpload {

    /** S3 allows at most this many parts in one upload. */
    static final int MAX_PARTS = 10_000;

    /** The folder below an artifact that records the ids of its unfinished uploads. */
    static final String UPLOADS_FOLDER = ".distillery-uploads";

    private static final Logger LOG = LoggerFactory.getLogger(ResumableUpload.class);

    private final MinioAsyncClient client;
    private final S3Requests requests;
    private final long partSize;

    ResumableUpload(MinioAsyncClient client, S3Requests requests, long partSize) {
        this.client = client;
        this.requests = requests;
        this.partSize = partSize;
    }

    /** Uploads {@code file} to {@code at}'s key for {@code relative}, resuming where it can. */
    void upload(StorageUri at, String relative, Path file) throws IOException {
        StorageUri uri = at.child(relative);
        String bucket = at.bucket();
        String key = at.key(relative);
        long size = Files.size(file);
        long part = Math.max(partSize, (size + MAX_PARTS - 1) / MAX_PARTS);
        int count = (int) ((size + part - 1) / part);
        Optional<String> unfinished = unfinishedUpload(at, relative);
        String uploadId = unfinished.isPresent() ? unfinished.get() : start(at, relative);
        Map<Integer, Part> held =
                unfinished.isPresent() ? parts(uri, bucket, key, uploadId) : Map.of();
        Part[] parts = new Part[count];
        int kept = 0;
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            for (int number = 1; number <= count; number++) {
                long offset = (number - 1) * part;
                byte[] bytes = new byte[(int) Math.min(part, size - offset)];
                in.seek(offset);
                in.readFully(bytes);
                String md5 = md5(bytes);
                Part there = held.get(number);
                if (there != null && there.partSize() == bytes.length && md5.equals(etag(there))) {
                    parts[number - 1] = new Part(number, there.etag());
                    kept++;
                    continue;
                }
                int n = number;
                String etag =
                        requests.send(
                                "upload part " + n + " of " + count + " of",
                                uri,
                                () ->
                                        await(
                                                        client.uploadPartAsync(
                                                                bucket,
                                                                null,
                                                                key,
                                                                bytes,
                                                                bytes.length,
                                                                uploadId,
                                                                n,
                                                                null,
                                                                null))
                                                .etag());
                parts[number - 1] = new Part(number, etag);
            }
        }
        if (kept > 0) {
            LOG.info(
                    "resumed the upload of {}: kept {} of {} parts already sent", uri, kept, count);
        }
        requests.send(
                "complete the multipart upload of",
                uri,
                () ->
                        await(
                                client.completeMultipartUploadAsync(
                                        bucket, null, key, uploadId, parts, null, null)));
        forget(at, relative);
    }

    /**
     * The upload id an earlier, unfinished upload of {@code relative} recorded below {@code at}, if
     * the server still holds that upload. The id is kept in S3 because ListMultipartUploads cannot
     * be used: MinIO answers it with an empty {@code StorageClass}, which the MinIO client (8.5)
     * refuses to parse.
     */
    private Optional<String> unfinishedUpload(StorageUri at, String relative) {
        StorageUri uri = at.child(relative);
        Optional<String> recorded =
                requests.sendUnlessAbsent(
                        "look for an unfinished upload of",
                        uri,
                        () -> {
                            try (InputStream in =
                                    await(
                                            client.getObject(
                                                    GetObjectArgs.builder()
                                                            .bucket(at.bucket())
                                                            .object(marker(at, relative))
                                                            .build()))) {
                                return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                                        .strip();
                            }
                        });
        return recorded.filter(
                id ->
                        requests.sendUnlessAbsent(
                                        "look for the parts of the unfinished upload of",
                                        uri,
                                        () ->
                                                await(
                                                        client.listPartsAsync(
                                                                at.bucket(),
                                                                null,
                                                                at.key(relative),
                                                                1,
                                                                0,
                                                                id,
                                                                null,
                                                                null)))
                                .isPresent());
    }

    /** Starts a multipart upload of {@code relative} and records its id. */
    private String start(StorageUri at, String relative) {
        String uploadId =
                requests.send(
                        "start a multipart upload of",
                        at.child(relative),
                        () ->
                                await(
                                                client.createMultipartUploadAsync(
                                                        at.bucket(),
                                                        null,
                                                        at.key(relative),
                                                        null,
                                                        null))
                                        .result()
                                        .uploadId());
        record(at, relative, uploadId);
        return uploadId;
    }

    /** Records {@code uploadId} where the next upload of {@code relative} will look for it. */
    private void record(StorageUri at, String relative, String uploadId) {
        byte[] id = uploadId.getBytes(StandardCharsets.UTF_8);
        requests.send(
                "record the multipart upload of",
                at.child(relative),
                () ->
                        await(
                                client.putObject(
                                        PutObjectArgs.builder()
                                                .bucket(at.bucket())
                                                .object(marker(at, relative))
                                                .stream(new ByteArrayInputStream(id), id.length, -1)
                                                .build())));
    }

    private void forget(StorageUri at, String relative) {
        requests.send(
                "remove the multipart upload record of",
                at.child(relative),
                () -> {
                    await(
                            client.removeObject(
                                    RemoveObjectArgs.builder()
                                            .bucket(at.bucket())
                                            .object(marker(at, relative))
                                            .build()));
                    return true;
                });
    }

    /** The key of the object that holds the upload id of {@code relative}'s unfinished upload. */
    static String marker(StorageUri at, String relative) {
        return at.key(UPLOADS_FOLDER + "/" + relative);
    }

    /** The parts an unfinished upload holds, by number. */
    private Map<Integer, Part> parts(StorageUri uri, String bucket, String key, String uploadId) {
        Map<Integer, Part> parts = new HashMap<>();
        int marker = 0;
        while (true) {
            int from = marker;
            ListPartsResult page =
                    requests.send(
                            "list the uploaded parts of",
                            uri,
                            () ->
                                    await(
                                                    client.listPartsAsync(
                                                            bucket, null, key, 1000, from, uploadId,
                                                            null, null))
                                            .result());
            for (Part held : page.partList()) {
                parts.put(held.partNumber(), held);
            }
            if (!page.isTruncated()) {
                return parts;
            }
            marker = page.nextPartNumberMarker();
        }
    }

    private static String etag(Part part) {
        return part.etag().replace("\"", "").toLowerCase(Locale.ROOT);
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new DistilleryException(ExitCodes.FAILURE, "this JVM has no MD5", e);
        }
    }

    /** The future's value, or the exception the request failed with, as the S3 client throws it. */
    static <T> T await(CompletableFuture<T> future) throws Exception {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof java.util.concurrent.CompletionException
                    && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof Exception exception) {
                throw exception;
            }
            throw e;
        }
    }
}
