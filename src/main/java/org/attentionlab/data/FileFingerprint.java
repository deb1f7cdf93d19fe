package org.attentionlab.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * What a data file held when a run was trained on it: the SHA-256 of its bytes and its number of
 * lines. A run of {@code tsv:FILE} records it, so that {@code eval} and {@code train --resume} can
 * tell when the file has changed since: its test split and its training data would then silently
 * be other examples (the split is drawn from the file's lines by seed).
 *
 * @param sha256 lower-case hex SHA-256 of the file's bytes
 * @param lines  lines as an editor counts them (a last line without a newline counts)
 */
public record FileFingerprint(String sha256, long lines) {
    public FileFingerprint {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}") || lines < 0) {
            throw new IllegalArgumentException("a fingerprint needs a 64-digit hex SHA-256 and a line count >= 0, got "
                    + sha256 + " and " + lines);
        }
    }

    /** The fingerprint of {@code file} now. */
    public static FileFingerprint of(Path file) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e); // every Java SE has it
        }
        long lines = 0;
        boolean open = false; // bytes since the last newline
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                        open = false;
                    } else {
                        open = true;
                    }
                }
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("data file not found: " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return new FileFingerprint(HexFormat.of().formatHex(sha.digest()), lines + (open ? 1 : 0));
    }

    /** "1,204 lines, SHA-256 3f2a09c1..." (the first 12 digits: enough to tell two versions apart by eye). */
    public String describe() {
        return String.format(Locale.ROOT, "%,d line%s, SHA-256 %s...", lines, lines == 1 ? "" : "s",
                sha256.substring(0, 12));
    }
}
