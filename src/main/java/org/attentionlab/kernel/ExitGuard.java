package org.attentionlab.kernel;

import java.io.OutputStream;
import java.io.PrintStream;
import java.security.Permission;

/**
 * Keeps {@code System.exit} in a cell from killing the kernel: the cell gets a
 * {@link SecurityException} that says what happened, and the kernel lives on.
 *
 * <p>This uses a {@link SecurityManager} that permits everything except exit. On Java 17 that is
 * allowed (the kernel is started with {@code -Djava.security.manager=allow} so later Javas up to 23
 * allow it too); where a security manager cannot be installed (Java 24 on), a shutdown hook at
 * least tells the notebook's log why the kernel went away.
 */
@SuppressWarnings({"removal", "deprecation"})
final class ExitGuard extends SecurityManager {
    private static volatile boolean allowed;
    private static volatile boolean installed;

    private ExitGuard() {
    }

    /** Installs the guard once; returns false where this Java cannot (then only a notice is given). */
    static synchronized boolean install() {
        if (installed) {
            return true;
        }
        PrintStream err = System.err;
        try {
            // Java 17 prints a deprecation warning here; it says nothing a notebook user can act on.
            System.setErr(new PrintStream(OutputStream.nullOutputStream()));
            System.setSecurityManager(new ExitGuard());
            installed = true;
        } catch (UnsupportedOperationException | SecurityException e) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (!allowed) {
                    err.println("attention-lab kernel: the JVM is exiting (System.exit from a cell?)");
                }
            }));
        } finally {
            System.setErr(err);
        }
        return installed;
    }

    /** Lets the kernel itself exit (shutdown request, client gone). */
    static void allowExit() {
        allowed = true;
    }

    @Override
    public void checkExit(int status) {
        if (!allowed) {
            throw new SecurityException("System.exit(" + status + ") was called in a cell; the kernel keeps "
                    + "running (use the notebook's restart to start afresh)");
        }
    }

    @Override
    public void checkPermission(Permission perm) {
        // everything else is permitted
    }

    @Override
    public void checkPermission(Permission perm, Object context) {
        // everything else is permitted
    }
}
