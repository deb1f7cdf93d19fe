package org.attentionlab.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces a file so that a reader (or a crash) sees either the old contents or the complete new
 * ones, never a half-written file: the bytes go to a temporary file in the same directory (so the
 * rename stays on one file system), are flushed to disk, and the temporary file is then renamed over
 * the target in one atomic step. A checkpoint interrupted by a crash or a full disk thus leaves the
 * previous checkpoint intact.
 */
final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes the body of the file into an open channel. */
    @FunctionalInterface
    interface Body {
        void write(FileChannel channel) throws IOException;
    }

    static void write(Path file, Body body) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("file is null");
        }
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        if (Files.isDirectory(target)) {
            throw new IOException(target + ": is a directory");
        }
        Path tmp = null;
        FileChannel channel = null;
        // Created with CREATE_NEW rather than Files.createTempFile so the file gets the usual
        // permissions (createTempFile makes it owner-only, which would survive the rename).
        for (int attempt = 0; channel == null; attempt++) {
            tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                    + ".tmp");
            try {
                channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 10) {
                    throw e;
                }
            }
        }
        boolean moved = false;
        try {
            try (FileChannel ch = channel) {
                body.write(ch);
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            syncDirectory(dir);
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException suppressed) {
                    // The original failure matters more; a stray hidden temp file is harmless.
                }
            }
        }
    }

    /** Makes the rename itself durable where the platform allows opening a directory (Linux does). */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Not possible on every platform; the file contents are already on disk.
        }
    }
}
