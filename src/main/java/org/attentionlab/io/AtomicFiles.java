package org.attentionlab.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Replaces a file so that a reader (or a crash) sees either the old contents or the complete new
 * ones, never a half-written file: the bytes go to a temporary file in the same directory (so the
 * rename stays on one file system), are flushed to disk, and the temporary file is then renamed over
 * the target in one atomic step. A checkpoint interrupted by a crash or a full disk thus leaves the
 * previous checkpoint intact.
 *
 * <p>A process killed between creating the temporary file and the rename leaves it behind, hidden
 * ({@code .NAME.HEX.tmp}); {@link #removeStale} clears them from a directory that no other process
 * is writing.
 */
public final class AtomicFiles {
    /** The temporary files {@link #write} makes: a dot, the target's name, a random hex number, {@code .tmp}. */
    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.[0-9a-f]{1,16}\\.tmp");

    private AtomicFiles() {
    }

    /** Writes the body of the file into an open channel. */
    @FunctionalInterface
    public interface Body {
        void write(FileChannel channel) throws IOException;
    }

    /** Replaces {@code file} with {@code text} in UTF-8, atomically. */
    public static void writeString(Path file, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(file, ch -> {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        });
    }

    /**
     * Deletes the temporary files that {@link #write} left in {@code dir} (not in its
     * sub-directories) when its process died before the rename. Only safe while no other process
     * writes into {@code dir}: a live writer's temporary file looks the same.
     *
     * @return the files deleted
     */
    public static List<Path> removeStale(Path dir) throws IOException {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return removed;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (TEMPORARY.matcher(f.getFileName().toString()).matches() && Files.isRegularFile(f)
                        && Files.deleteIfExists(f)) {
                    removed.add(f);
                }
            }
        }
        return removed;
    }

    /** Replaces {@code file} with what {@code body} writes, atomically (see the class comment). */
    public static void write(Path file, Body body) throws IOException {
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
