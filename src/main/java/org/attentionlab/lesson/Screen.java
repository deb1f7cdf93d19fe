package org.attentionlab.lesson;

import java.io.PrintStream;
import org.attentionlab.kernel.Notebook;
import org.dflib.jjava.jupyter.kernel.BaseKernel;

/**
 * Where a lesson's live output goes: inside a notebook kernel, a display that is redrawn in place
 * (one chart and one progress line instead of a thousand printed lines); anywhere else (a test, the
 * command line, JShell) plain lines on standard output, every tenth of the way.
 */
final class Screen {
    private final boolean notebook;
    private final PrintStream out;
    private String id;

    private Screen(boolean notebook, PrintStream out) {
        this.notebook = notebook;
        this.out = out;
    }

    /** A live display in a notebook, else lines on {@code System.out}. */
    static Screen open() {
        return new Screen(inNotebook(), System.out);
    }

    static boolean inNotebook() {
        try {
            return BaseKernel.notebookKernel() != null;
        } catch (LinkageError | RuntimeException e) { // no kernel library, or no kernel running
            return false;
        }
    }

    /** Shows {@code value} (the first call) or redraws it in place; off a notebook only text is printed. */
    void show(Object value) {
        if (notebook) {
            if (id == null) {
                id = Notebook.display(value);
            } else {
                Notebook.updateDisplay(id, value);
            }
        } else if (value instanceof CharSequence s) {
            out.println(s);
        }
    }

    boolean isNotebook() {
        return notebook;
    }
}
