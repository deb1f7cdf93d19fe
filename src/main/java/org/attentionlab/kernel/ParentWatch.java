package org.attentionlab.kernel;

import java.util.Optional;

/**
 * Ends the kernel when the process that started it (the notebook server, nbconvert, a test) is
 * gone: otherwise a kernel whose client died keeps running and holds its ports and memory.
 *
 * <p>Jupyter names its process in {@code JPY_PARENT_PID}; without it the OS parent is watched.
 */
final class ParentWatch {
    private ParentWatch() {
    }

    /** The process to watch, if it can be found. */
    static Optional<ProcessHandle> parent(String jpyParentPid) {
        if (jpyParentPid != null && !jpyParentPid.isBlank()) {
            try {
                Optional<ProcessHandle> p = ProcessHandle.of(Long.parseLong(jpyParentPid.trim()));
                if (p.isPresent()) {
                    return p;
                }
            } catch (NumberFormatException e) {
                // fall back to the OS parent
            }
        }
        return ProcessHandle.current().parent();
    }

    /** Runs {@code onGone} once the parent exits; returns false if there is no parent to watch. */
    static boolean start(Runnable onGone) {
        Optional<ProcessHandle> parent = parent(System.getenv("JPY_PARENT_PID"));
        if (parent.isEmpty() || parent.get().pid() == 1) {
            return false;
        }
        parent.get().onExit().thenRun(onGone);
        return true;
    }
}
