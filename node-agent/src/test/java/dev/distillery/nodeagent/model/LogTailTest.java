package dev.distillery.nodeagent.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

    @TempDir Path dir;

    private String tail(String text, long lines) throws IOException {
        Path log = Files.writeString(dir.resolve("0.log"), text);
        try (FileChannel channel = FileChannel.open(log)) {
            long start = LogTail.start(channel, channel.size(), lines);
            return new String(
                    Files.readAllBytes(log),
                    (int) start,
                    (int) (channel.size() - start),
                    StandardCharsets.UTF_8);
        }
    }

    @Test
    void lastLinesOfALogEndingWithANewline() throws IOException {
        assertThat(tail("a\nb\nc\n", 2)).isEqualTo("b\nc\n");
        assertThat(tail("a\nb\nc\n", 1)).isEqualTo("c\n");
    }

    @Test
    void anUnfinishedLastLineCounts() throws IOException {
        assertThat(tail("a\nb\nc", 2)).isEqualTo("b\nc");
    }

    @Test
    void moreLinesThanTheLogHasIsAllOfIt() throws IOException {
        assertThat(tail("a\nb\n", 10)).isEqualTo("a\nb\n");
        assertThat(tail("", 3)).isEmpty();
    }

    @Test
    void zeroLinesIsNothing() throws IOException {
        assertThat(tail("a\nb\n", 0)).isEmpty();
    }

    @Test
    void emptyLinesAreLines() throws IOException {
        assertThat(tail("a\n\n\n", 2)).isEqualTo("\n\n");
    }

    @Test
    void linesAcrossReadBlocks() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            text.append("line ").append(i).append('\n');
        }
        assertThat(tail(text.toString(), 3)).isEqualTo("line 4997\nline 4998\nline 4999\n");
        assertThat(tail(text.toString(), 4000).lines().count()).isEqualTo(4000);
        assertThat(tail(text.toString(), 4000)).startsWith("line 1000\n");
    }
}
