package org.attentionlab.kernel;

import java.util.List;

/**
 * A cell that failed, with the lines the notebook shows for it. The nested classes' simple names
 * become the error's {@code ename} in the Jupyter reply, so they are named for what went wrong.
 */
public class CellException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> lines;

    CellException(String message, List<String> lines) {
        super(message);
        this.lines = List.copyOf(lines);
    }

    /** The readable report, one entry a line, shown as the notebook's traceback. */
    public List<String> lines() {
        return lines;
    }

    /** The Java compiler rejected the cell (or a snippet of it). */
    public static final class CompilationError extends CellException {
        private static final long serialVersionUID = 1L;

        CompilationError(String message, List<String> lines) {
            super(message, lines);
        }
    }

    /** The cell's code threw. */
    public static final class RuntimeError extends CellException {
        private static final long serialVersionUID = 1L;

        RuntimeError(String message, List<String> lines) {
            super(message, lines);
        }
    }

    /** A magic was unknown, or failed (a jar that does not exist, an unresolvable dependency). */
    public static final class MagicError extends CellException {
        private static final long serialVersionUID = 1L;

        MagicError(String message) {
            super(message, List.of(message));
        }
    }

    /** The cell was stopped by an interrupt request. */
    public static final class Interrupted extends CellException {
        private static final long serialVersionUID = 1L;

        Interrupted(String message) {
            super(message, List.of(message));
        }
    }
}
