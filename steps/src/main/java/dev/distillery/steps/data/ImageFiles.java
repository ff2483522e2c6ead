package dev.distillery.steps.data;

import java.nio.file.Path;
import java.util.List;

/**
 * Images in files on disk, one file per image, decoded when a batch reads them: a dataset of any
 * size takes memory for its file names and labels only. A file whose decoded size differs from the
 * dataset's is bad input naming it, found when it is read.
 *
 * @param files one file per image
 * @param labels one class index per image
 * @param shape the shape every image must have
 */
public record ImageFiles(List<Path> files, int[] labels, ImageShape shape)
        implements LabelledImages {

    public ImageFiles {
        if (files.size() != labels.length) {
            throw new IllegalArgumentException(
                    files.size() + " files, " + labels.length + " labels");
        }
        files = List.copyOf(files);
    }

    @Override
    public int count() {
        return labels.length;
    }

    @Override
    public void read(int sample, byte[] into, int offset) {
        ImageDecoder.read(files.get(sample), shape, into, offset);
    }

    @Override
    public ImageFiles first(int limit) {
        if (limit >= count()) {
            return this;
        }
        int[] kept = new int[limit];
        System.arraycopy(labels, 0, kept, 0, limit);
        return new ImageFiles(files.subList(0, limit), kept, shape);
    }
}
