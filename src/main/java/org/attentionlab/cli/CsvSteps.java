package org.attentionlab.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToLongFunction;
import org.attentionlab.io.AtomicFiles;

/**
 * Cuts a run's CSV log (metrics.csv, bleu.csv) back to a checkpoint's step. A run killed after its
 * last checkpoint logged rows that {@code --resume} will log again from that step; left in place they
 * would be recorded twice and a curve would zig-zag back in time. A torn last line (a kill during the
 * write) goes too.
 */
final class CsvSteps {
    private CsvSteps() {
    }

    /**
     * Keeps the header and the rows whose step is at most {@code step}, rewriting the file atomically
     * only when something changes (a row removed, a missing or foreign header, no final newline).
     *
     * @param rowStep the step of a complete row, Long.MAX_VALUE for anything else (so it is removed)
     * @return the rows removed (0 when there is no file, and then nothing is written)
     */
    static int truncate(Path csv, String header, long step, ToLongFunction<String> rowStep) throws IOException {
        if (!Files.isRegularFile(csv)) {
            return 0;
        }
        String text = Files.readString(csv, StandardCharsets.UTF_8);
        List<String> lines = text.lines().toList();
        StringBuilder kept = new StringBuilder(header).append('\n');
        int removed = 0;
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            if (rowStep.applyAsLong(line) <= step) {
                kept.append(line).append('\n');
            } else {
                removed++;
            }
        }
        if (removed > 0 || lines.isEmpty() || !lines.get(0).equals(header) || !text.endsWith("\n")) {
            AtomicFiles.writeString(csv, kept.toString());
        }
        return removed;
    }
}
