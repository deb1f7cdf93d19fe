package org.attentionlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Handler;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Library logging goes to the kernel's stderr, not to the running cell's stream, until a notebook
 * asks for it ({@code %logs cells}). The slf4j half runs end to end in {@link IJavaNotebookSuiteTest}
 * (slf4j starts once per JVM, long before this test).
 */
class KernelLoggingTest {
    @Test
    void javaUtilLoggingGoesToTheKernelUntilCellsAreAskedFor() {
        ByteArrayOutputStream kernel = new ByteArrayOutputStream();
        ByteArrayOutputStream cell = new ByteArrayOutputStream();
        KernelLogging logging = new KernelLogging(new PrintStream(kernel, true, StandardCharsets.UTF_8), false);
        Logger log = Logger.getLogger("attention-lab.kernel-logging-test");
        log.setUseParentHandlers(false);
        Handler handler = logging.julHandler();
        log.addHandler(handler);
        PrintStream err = System.err;
        System.setErr(new PrintStream(cell, true, StandardCharsets.UTF_8)); // what jjava does while a cell runs
        try {
            log.info("first line");
            logging.showInCells(true);
            log.info("second line");
            logging.showInCells(false);
            log.info("third line");
        } finally {
            System.setErr(err);
            log.removeHandler(handler);
        }
        String k = kernel.toString(StandardCharsets.UTF_8);
        String c = cell.toString(StandardCharsets.UTF_8);
        assertTrue(k.contains("INFO: first line") && k.contains("INFO: third line"), k);
        assertFalse(k.contains("second line"), k);
        assertTrue(c.contains("INFO: second line"), c);
        assertFalse(c.contains("first line") || c.contains("third line"), c);
    }

    @Test
    void logsMagicTakesCellsOrKernel() {
        CellException e = assertThrows(CellException.MagicError.class,
                () -> SharedKernel.get().evalCell("%logs everywhere", "cell [1]"));
        assertEquals("%logs takes 'cells' (show library logging in cells) or 'kernel' (send it to the kernel's log, "
                + "the default), got 'everywhere'", e.getMessage());
    }
}
