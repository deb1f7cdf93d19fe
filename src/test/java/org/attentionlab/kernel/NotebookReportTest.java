package org.attentionlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Headless execution of notebooks through the kernelspec, as {@code attention-lab reports} does. */
class NotebookReportTest {
    @TempDir
    Path dir;

    private Path copyNotebook(String name) throws Exception {
        Path notebooks = Files.createDirectories(dir.resolve("notebooks"));
        try (InputStream in = getClass().getResourceAsStream("/notebooks/" + name)) {
            Files.copy(in, notebooks.resolve(name));
        }
        return notebooks;
    }

    private int runReports(Path notebooks, Path log, String only) throws Exception {
        JupyterAvailable.python("nbclient", "nbconvert", "nbformat", "jupyter_client");
        Reports r = new Reports(dir.resolve("jupyter"), KernelSpecs.Launch.ofThisJvm(true), Reports.environment())
                .outputTo(log);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        return r.run(new Reports.Request(notebooks, dir.resolve("reports"), 300, List.of(only)), quiet, quiet);
    }

    @Test
    void ijavaStyleNotebookRunsHeadlessAndItsHtmlHoldsThePng() throws Exception {
        Path notebooks = copyNotebook("ijava-style.ipynb");
        TestJars.greetingJar(notebooks, "Greeting", "hello from a jar");
        Path log = dir.resolve("log.txt");
        int rc = runReports(notebooks, log, "ijava-style");
        String out = Files.readString(log);
        assertEquals(0, rc, out);
        String html = Files.readString(dir.resolve("reports/ijava-style.html"));
        assertTrue(html.contains("data:image/png;base64,"), "the chart should be an inline PNG");
        assertTrue(html.contains("hello from a jar"));
    }

    @Test
    void failingCellIsNamedWithNotebookAndNumber() throws Exception {
        Path notebooks = copyNotebook("fails-at-cell-3.ipynb");
        Path log = dir.resolve("log.txt");
        int rc = runReports(notebooks, log, "fails");
        String out = Files.readString(log);
        assertEquals(1, rc, out);
        assertTrue(out.contains("reports: FAILED " + notebooks.resolve("fails-at-cell-3.ipynb") + ", cell 3 (int divide(int a) {) failed:"), out);
        assertTrue(out.contains("java.lang.ArithmeticException: / by zero"), out);
        String html = Files.readString(dir.resolve("reports/fails-at-cell-3.html"));
        assertTrue(html.contains("/ by zero"), "the partial report keeps the error");
        assertFalse(html.contains("never reached"));
    }
}
