package org.attentionlab.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

/**
 * The exclusive lock that a {@code train} holds on its run directory for as long as it writes
 * there, so that a second {@code train --out DIR} or a concurrent {@code --resume} refuses instead
 * of overwriting the first run or interleaving its steps with it.
 *
 * <p>The lock is the operating system's lock on {@code DIR/train.lock} ({@link FileChannel#tryLock},
 * {@code fcntl} on Linux). The system releases it when the process ends, however it ends, so a run
 * killed with {@code kill -9} leaves no stale lock: the file stays, but nobody holds it, and the next
 * {@code train} takes it. The file is never deleted (deleting it while another process has it open
 * would let two processes each lock "the" file). While the lock is held, the file says who holds
 * it: {@code {"pid": ..., "host": ..., "since": ...}}, which the refusal quotes.
 *
 * <p>Locks of the operating system belong to a process, and Java refuses a second lock on one file
 * within one JVM with {@link OverlappingFileLockException}; that too means "held", by this process.
 * File systems without locks (some network mounts) make {@link #acquire} fail with an
 * {@link IOException} naming the file, rather than run unprotected.
 */
final class RunLock implements AutoCloseable {
    static final String FILE = "train.lock";

    /** Another process (or this one) holds the lock: the one-line refusal. */
    static final class Held extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        Held(String message) {
            super(message);
        }
    }

    /**
     * Room for a lock taken part-way through a command and released when the command returns,
     * however it returns: the command opens the slot around its whole body and calls {@link #take}
     * once it knows its directory and has checked its options.
     */
    static final class Slot implements AutoCloseable {
        private RunLock held;

        /** Locks the run's directory for the rest of the command (see {@link RunLock#acquire}). */
        void take(RunDirectory run) throws IOException {
            if (held != null) {
                throw new IllegalStateException("the slot already holds a lock");
            }
            held = run.lock();
        }

        @Override
        public void close() throws IOException {
            if (held != null) {
                held.close();
                held = null;
            }
        }
    }

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code dir} (created if missing) for this process.
     *
     * @throws Held        when another train holds it, naming its pid, host and start
     * @throws IOException when the directory or the lock file cannot be made or locked
     */
    static RunLock acquire(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        FileChannel channel;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("cannot make the run directory " + dir + ": " + e.getFile()
                    + " exists and is not a directory", e);
        } catch (FileSystemException e) {
            // The exception's own message is often only the path; its reason says what went wrong.
            String reason = e instanceof AccessDeniedException ? "permission denied"
                    : e instanceof NoSuchFileException ? "no such file or directory"
                    : e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
            String where = e.getFile() == null || Path.of(e.getFile()).equals(dir) ? "" : " (" + e.getFile() + ")";
            throw new IOException("cannot write the run directory " + dir + where + ": " + reason, e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            lock = null;
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot lock " + file + " (" + e.getMessage() + "); does this file system "
                    + "support locks?", e);
        }
        if (lock == null) {
            channel.close();
            throw new Held(dir + " is in use by another train (" + holder(file) + "); wait for it to end, "
                    + "or give another --out");
        }
        try {
            JsonObject me = new JsonObject();
            me.addProperty("pid", ProcessHandle.current().pid());
            me.addProperty("host", host());
            me.addProperty("since", OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString());
            byte[] bytes = (me + "\n").getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(bytes), 0);
            channel.force(false);
        } catch (IOException e) {
            lock.release();
            channel.close();
            throw e;
        }
        return new RunLock(channel, lock);
    }

    /** "pid 4242 on host lab1, since 2025-05-01T10:00:03+02:00", as far as the lock file tells. */
    static String holder(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "its lock file " + file + " cannot be read: " + e.getMessage();
        }
        if (text.isEmpty()) {
            return "it has not written its pid yet";
        }
        try {
            JsonObject o = JsonParser.parseString(text).getAsJsonObject();
            return "pid " + o.get("pid").getAsLong() + " on host " + o.get("host").getAsString() + ", since "
                    + o.get("since").getAsString();
        } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException
                 | NumberFormatException e) {
            return "its lock file " + file + " does not say which process";
        }
    }

    /** The host name, read from Linux's /proc where it can be (InetAddress may wait on a name lookup). */
    private static String host() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | UnsupportedOperationException notLinux) {
            // fall through
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Releases the lock; the file stays (see the class comment). */
    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            channel.close();
        }
    }
}
