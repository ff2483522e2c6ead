package dev.distillery.steps.softlabels;

import dev.distillery.contract.DistilleryException;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * One soft-label shard's logits file, memory-mapped in pieces of whole rows (each under 2 GiB, so a
 * shard may be any size): row {@code view * count + (sample - start)} holds a sample's logits in a
 * view. Pages are read by the operating system as rows are asked for.
 *
 * @param header the shard's header
 * @param pieces the mapped pieces, each {@code rowsPerPiece} rows but the last
 * @param rowsPerPiece rows in every piece
 */
record MappedShard(SoftLabelHeader header, List<MappedByteBuffer> pieces, long rowsPerPiece) {

    /** Maps the logits of the shard in {@code folder}; a file of the wrong size is bad input. */
    static MappedShard open(String uri, Path folder, SoftLabelHeader header) {
        long count = header.end() - header.start();
        long rowBytes = (long) header.classes() * header.bytesPerValue();
        long expected = header.views() * count * rowBytes;
        Path file = folder.resolve(SoftLabelHeader.LOGITS);
        try {
            if (!Files.isRegularFile(file) || Files.size(file) != expected) {
                throw DistilleryException.badInput(
                        "soft labels "
                                + uri
                                + ": shard "
                                + header.shard()
                                + " should hold "
                                + expected
                                + " bytes of logits in "
                                + SoftLabelHeader.LOGITS);
            }
            long rowsPerPiece = Math.max(1, (Integer.MAX_VALUE - 8) / rowBytes);
            List<MappedByteBuffer> pieces = new ArrayList<>();
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                for (long offset = 0; offset < expected; offset += rowsPerPiece * rowBytes) {
                    long length = Math.min(rowsPerPiece * rowBytes, expected - offset);
                    MappedByteBuffer piece =
                            channel.map(FileChannel.MapMode.READ_ONLY, offset, length);
                    piece.order(ByteOrder.LITTLE_ENDIAN);
                    pieces.add(piece);
                }
            }
            return new MappedShard(header, pieces, rowsPerPiece);
        } catch (IOException e) {
            throw DistilleryException.badInput(
                    "soft labels " + uri + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Copies the logits of {@code sample} in {@code view} into {@code into} from offset. */
    void row(int sample, int view, float[] into, int offset) {
        long row = (long) view * (header.end() - header.start()) + (sample - header.start());
        MappedByteBuffer piece = pieces.get((int) (row / rowsPerPiece));
        int classes = header.classes();
        int bytes = header.bytesPerValue();
        int at = (int) ((row % rowsPerPiece) * classes * bytes);
        for (int c = 0; c < classes; c++) {
            into[offset + c] =
                    bytes == 2
                            ? HalfPrecision.toFloat(piece.getShort(at + 2 * c))
                            : piece.getFloat(at + 4 * c);
        }
    }
}
