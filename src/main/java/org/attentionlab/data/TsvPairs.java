package org.attentionlab.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the user's own pairs: a UTF-8 text file with one {@code source<TAB>target} a line.
 *
 * <p>Blank lines are skipped and a leading byte-order mark is ignored. A line without exactly one
 * tab, with an empty side, or with bytes that are not UTF-8 is an error that names the file and the
 * line, so that a user can fix it in an editor.
 */
public final class TsvPairs {
    private TsvPairs() {
    }

    public static List<Example> load(Path file) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + " is a directory, not a file of 'source<TAB>target' lines");
        }
        List<Example> out = new ArrayList<>();
        int lineNo = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)))) {
            String line;
            while (true) {
                try {
                    line = reader.readLine();
                } catch (CharacterCodingException e) {
                    // The decoder reads ahead, so the bad bytes are on this line or shortly after it.
                    throw new IllegalArgumentException(file + ":" + (lineNo + 1)
                            + ": not valid UTF-8 (at or shortly after this line); save the file as UTF-8");
                }
                if (line == null) {
                    break;
                }
                lineNo++;
                if (lineNo == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                out.add(parseLine(line, file, lineNo));
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("pairs file not found: " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read pairs file " + file + ": " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + ": no pairs found (expected lines 'source<TAB>target')");
        }
        return out;
    }

    static Example parseLine(String line, Path file, int lineNo) {
        int tab = line.indexOf('\t');
        if (tab < 0) {
            throw new IllegalArgumentException(file + ":" + lineNo + ": expected 'source<TAB>target', found no tab in: "
                    + abbreviate(line));
        }
        if (line.indexOf('\t', tab + 1) >= 0) {
            throw new IllegalArgumentException(file + ":" + lineNo + ": expected exactly one tab, found more in: "
                    + abbreviate(line));
        }
        String source = line.substring(0, tab).strip();
        String target = line.substring(tab + 1).strip();
        if (source.isEmpty() || target.isEmpty()) {
            throw new IllegalArgumentException(file + ":" + lineNo + ": empty " + (source.isEmpty() ? "source" : "target")
                    + " in: " + abbreviate(line));
        }
        return new Example(source, target);
    }

    private static String abbreviate(String s) {
        String shown = s.replace("\t", "<TAB>");
        return shown.length() <= 80 ? "'" + shown + "'" : "'" + shown.substring(0, 77) + "...'";
    }
}
