package dev.distillery.cli.progress;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The width of the terminal the board is drawn on: {@code COLUMNS}, else {@code stty size}. */
final class TerminalWidth {
    /** When the width cannot be found. */
    static final int FALLBACK = 80;

    private TerminalWidth() {}

    static int columns() {
        String columns = System.getenv("COLUMNS");
        if (columns != null && columns.matches("\\d{2,4}")) {
            return Integer.parseInt(columns);
        }
        try {
            Process stty =
                    new ProcessBuilder("stty", "size")
                            .redirectInput(Redirect.from(new File("/dev/tty")))
                            .redirectError(Redirect.DISCARD)
                            .start();
            if (!stty.waitFor(2, TimeUnit.SECONDS)) {
                stty.destroyForcibly();
                return FALLBACK;
            }
            String[] size =
                    new String(stty.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                            .trim()
                            .split("\\s+");
            int width = size.length == 2 ? Integer.parseInt(size[1]) : FALLBACK;
            return width >= 20 ? width : FALLBACK;
        } catch (IOException | NumberFormatException e) {
            return FALLBACK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FALLBACK;
        }
    }
}
