package org.attentionlab.kernel;

/**
 * Keeps {@code System.exit} in a cell from killing the kernel: the cell gets a
 * {@link SecurityException} that says what happened, and the kernel lives on.
 *
 * <p>The classes a cell defines are rewritten as JShell loads them ({@link ExitCallRewriter}): their
 * calls to {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} (direct calls and
 * method references) call the methods below instead. This replaces a {@code SecurityManager}, which
 * printed four deprecation warnings at every kernel start and cannot be installed from Java 24 on.
 *
 * <p>Limits: only code compiled from cells is rewritten. A library that exits (a jar added with
 * {@code %jars}), or a cell that reaches {@code exit} by reflection or a method handle it looks up
 * itself, still ends the kernel; {@link #watch} then at least leaves a line in the kernel's log
 * saying why it went away.
 */
public final class ExitGuard {
    private static volatile boolean allowed;
    private static volatile boolean watching;

    private ExitGuard() {
    }

    /** Called in place of {@code System.exit(status)} in cell code. */
    public static void exit(int status) {
        throw refusal("System.exit(" + status + ")");
    }

    /** Called in place of {@code runtime.exit(status)} in cell code. */
    public static void runtimeExit(Runtime runtime, int status) {
        java.util.Objects.requireNonNull(runtime);
        throw refusal("Runtime.exit(" + status + ")");
    }

    /** Called in place of {@code runtime.halt(status)} in cell code. */
    public static void runtimeHalt(Runtime runtime, int status) {
        java.util.Objects.requireNonNull(runtime);
        throw refusal("Runtime.halt(" + status + ")");
    }

    private static SecurityException refusal(String call) {
        return new SecurityException(call + " was called in a cell; the kernel keeps running (use the notebook's "
                + "restart to start afresh)");
    }

    /**
     * Leaves a line on the kernel's stderr (the notebook server's log) if the JVM exits without the
     * kernel having asked to ({@link #allowExit}): a signal, or an exit the rewriting could not see.
     */
    static synchronized void watch() {
        if (watching) {
            return;
        }
        watching = true;
        java.io.PrintStream err = System.err;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!allowed) {
                err.println("attention-lab kernel: exiting without a shutdown request (a signal, or System.exit"
                        + " called by a library a cell used)");
            }
        }, "exit-notice"));
    }

    /** Lets the kernel itself exit (shutdown request, client gone) without the notice. */
    static void allowExit() {
        allowed = true;
    }
}
