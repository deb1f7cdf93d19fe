package org.attentionlab.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
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
        return copyNotebook(dir.resolve("notebooks"), name);
    }

    private Path copyNotebook(Path notebooks, String name) throws Exception {
        Files.createDirectories(notebooks);
        try (InputStream in = getClass().getResourceAsStream("/notebooks/" + name)) {
            Files.copy(in, notebooks.resolve(name));
        }
        return notebooks;
    }

    private int runReports(Path notebooks, Path log, String only) throws Exception {
        return runReports(new Reports.Request(notebooks, dir.resolve("reports"), 300, List.of(only)), log);
    }

    private int runReports(Reports.Request request, Path log) throws Exception {
        JupyterAvailable.python("nbclient", "nbconvert", "nbformat", "jupyter_client");
        Reports r = new Reports(dir.resolve("jupyter"), KernelSpecs.Launch.ofThisJvm(true), Reports.environment())
                .outputTo(log);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        return r.run(request, quiet, quiet);
    }

    private static final String FIGURES = "{\"answer\": 0.42, \"answer_seeds\": [0.41, 0.43]}";

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

    /** The lesson's figures as it wrote them, plus the runner's wall time of the notebook. */
    private static void assertFigures(Path json) throws Exception {
        JsonObject written = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        JsonObject expected = JsonParser.parseString(FIGURES).getAsJsonObject();
        assertTrue(written.get("report_seconds").getAsDouble() > 0, written.toString());
        written.remove("report_seconds");
        assertEquals(expected, written);
    }

    @Test
    void figuresTheLessonWritesArriveBesideTheReportAndTheNotebookStaysAsCommitted() throws Exception {
        Path notebooks = copyNotebook("records-figures.ipynb");
        byte[] committed = Files.readAllBytes(notebooks.resolve("records-figures.ipynb"));
        Files.createDirectories(dir.resolve("reports"));
        Files.writeString(dir.resolve("reports/records-figures.json"), "{\"stale\": 1}");
        Path log = dir.resolve("log.txt");
        int rc = runReports(notebooks, log, "records-figures");
        assertEquals(0, rc, Files.readString(log));
        assertFigures(dir.resolve("reports/records-figures.json"));
        assertTrue(Files.readString(dir.resolve("reports/records-figures.html")).contains("figures written"));
        assertArrayEquals(committed, Files.readAllBytes(notebooks.resolve("records-figures.ipynb")),
                "without publishing, the notebook is not touched");
    }

    @Test
    void publishingWritesNotebookWithOutputsHtmlAndFiguresAndAFailingNotebookChangesNothing() throws Exception {
        Path repo = dir.resolve("repo");
        Path notebooks = copyNotebook(repo.resolve("notebooks"), "records-figures.ipynb");
        copyNotebook(notebooks, "fails-at-cell-3.ipynb");
        String committed = Files.readString(notebooks.resolve("records-figures.ipynb"));
        byte[] failing = Files.readAllBytes(notebooks.resolve("fails-at-cell-3.ipynb"));
        Path published = Files.createDirectories(repo.resolve("docs/reports"));
        Files.writeString(published.resolve("fails-at-cell-3.html"), "an earlier good report");
        Path log = dir.resolve("log.txt");

        int rc = runReports(Reports.Request.publish(notebooks, published, dir.resolve("reports"), 300, List.of()), log);
        String out = Files.readString(log);
        assertEquals(1, rc, out);
        assertTrue(out.contains("reports: 1 notebook(s) failed: fails-at-cell-3"), out);

        assertFigures(published.resolve("records-figures.json"));
        assertTrue(Files.readString(published.resolve("records-figures.html")).contains("figures written"));
        JsonObject before = JsonParser.parseString(committed).getAsJsonObject();
        JsonObject after = JsonParser.parseString(Files.readString(notebooks.resolve("records-figures.ipynb")))
                .getAsJsonObject();
        JsonArray cellsBefore = before.getAsJsonArray("cells");
        JsonArray cellsAfter = after.getAsJsonArray("cells");
        assertEquals(cellsBefore.size(), cellsAfter.size());
        for (int i = 0; i < cellsBefore.size(); i++) {
            JsonObject b = cellsBefore.get(i).getAsJsonObject();
            JsonObject a = cellsAfter.get(i).getAsJsonObject();
            assertEquals(b.get("id"), a.get("id"), "cell ids are kept");
            assertEquals(b.get("source"), a.get("source"), "sources are kept");
        }
        JsonObject code = cellsAfter.get(1).getAsJsonObject();
        assertTrue(code.getAsJsonArray("outputs").toString().contains("figures written"), code.toString());
        assertFalse(code.getAsJsonObject("metadata").has("execution"), "no timing metadata: " + code);
        assertEquals(before.get("metadata"), after.get("metadata"));

        assertArrayEquals(failing, Files.readAllBytes(notebooks.resolve("fails-at-cell-3.ipynb")));
        assertEquals("an earlier good report", Files.readString(published.resolve("fails-at-cell-3.html")));
        assertFalse(Files.exists(published.resolve("fails-at-cell-3.json")));
        assertTrue(Files.readString(dir.resolve("reports/fails-at-cell-3.html")).contains("/ by zero"),
                "the partial report goes to the unpublished directory");
    }
}
