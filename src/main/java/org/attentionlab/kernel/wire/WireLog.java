package org.attentionlab.kernel.wire;

import java.io.PrintStream;

/**
 * Where the wire layer reports what it dropped or survived: the kernel process's own stderr (the
 * notebook server's log), captured before any cell runs. A logger that writes to whatever
 * {@code System.err} is at the moment would put these lines into the running cell's output, where
 * whoever sends bad messages could fill a user's notebook with them.
 */
final class WireLog {
    private static final PrintStream ERR = System.err;

    private WireLog() {
    }

    /** Loads the class, and so captures stderr, now (call before cells run). */
    static void init() {
        // the static initialiser did the work
    }

    static void warn(String message) {
        ERR.println("attention-lab kernel: " + message);
    }
}
