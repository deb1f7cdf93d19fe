package org.attentionlab.kernel;

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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reports --jobs 2}: notebooks run two at a time, each in its own kernel, longest expected
 * first, with their output lines prefixed and the run's timings recorded.
 */
class ParallelReportsTest {
    @TempDir
    Path dir;

    /**
     * A repository with three notebooks: two that record figures (published times 5 s and 50 s; the
     * "long" one sleeps 10 s first, so it is still running when the third fails) and one that fails
     * and was never published.
     */
    private Path repo() throws Exception {
        Path notebooks = Files.createDirectories(dir.resolve("repo/notebooks"));
        copy("records-figures.ipynb", notebooks.resolve("a-short.ipynb"));
        String sleeps = Files.readString(notebooks.resolve("a-short.ipynb")).replace("\"source\": [\n    \"java.nio",
                "\"source\": [\n    \"Thread.sleep(10_000);\\n\",\n    \"java.nio");
        assertTrue(sleeps.contains("Thread.sleep"), "the fixture's first code line moved");
        Files.writeString(notebooks.resolve("b-long.ipynb"), sleeps);
        copy("fails-at-cell-3.ipynb", notebooks.resolve("c-new-fails.ipynb"));
        Path published = Files.createDirectories(dir.resolve("repo/docs/reports"));
        Files.writeString(published.resolve("a-short.json"), "{\"report_seconds\": 5}");
        Files.writeString(published.resolve("b-long.json"), "{\"report_seconds\": 50}");
        return notebooks;
    }

    private void copy(String resource, Path to) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/notebooks/" + resource)) {
            Files.copy(in, to);
        }
    }

    private int run(Reports.Request request, Path log) throws Exception {
        JupyterAvailable.python("nbclient", "nbconvert", "nbformat", "jupyter_client");
        Reports r = new Reports(dir.resolve("jupyter"), KernelSpecs.Launch.ofThisJvm(true), Reports.environment())
                .outputTo(log);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        return r.run(request.withJobs(new Reports.Jobs(2, false, dir.resolve("repo/docs/reports"))), quiet, quiet);
    }

    @Test
    void publishingRunsAllTwoAtATimeLongestFirstAndRecordsWhenEachStarted() throws Exception {
        Path notebooks = repo();
        Path published = dir.resolve("repo/docs/reports");
        Path timings = dir.resolve("timings.json");
        Path log = dir.resolve("log.txt");
        int rc = run(Reports.Request.publish(notebooks, published, dir.resolve("reports"), 300, List.of())
                .withTimings(timings), log);
        String out = Files.readString(log);
        assertEquals(1, rc, out);
        // never timed first (it may be long), then longest expected first
        assertTrue(out.contains("in this order: c-new-fails, b-long, a-short"), out);
        assertTrue(out.contains("reports: 1 notebook(s) failed: c-new-fails"), out);
        for (String line : out.split("\n")) {
            if (line.contains("cell 2:") || line.contains("FAILED") || line.contains("wrote")) {
                assertTrue(line.matches("\\[(a-short|b-long|c-new-fails) *\\] .*"), "prefixed: " + line);
            }
        }
        // the failing notebook stopped only itself: both others were published
        for (String name : List.of("a-short", "b-long")) {
            assertTrue(Files.readString(published.resolve(name + ".html")).contains("figures written"), name);
            JsonObject figures = JsonParser.parseString(Files.readString(published.resolve(name + ".json")))
                    .getAsJsonObject();
            assertEquals(0.42, figures.get("answer").getAsDouble(), 1e-12);
            assertTrue(figures.get("report_seconds").getAsDouble() > 0);
        }
        assertTrue(Files.readString(dir.resolve("reports/c-new-fails.html")).contains("/ by zero"));
        assertFalse(Files.exists(published.resolve("c-new-fails.html")));

        CourseTimes.Course course = CourseTimes.read(timings);
        assertEquals(2, course.jobs());
        assertFalse(course.allSucceeded());
        List<String> started = new ArrayList<>();
        for (CourseTimes.Notebook n : course.notebooks()) {
            started.add(n.name() + (n.ok() ? "" : " failed"));
        }
        assertEquals(List.of("c-new-fails failed", "b-long", "a-short"), started, "in the order they started");
        CourseTimes.Notebook first = course.notebooks().get(0);
        CourseTimes.Notebook second = course.notebooks().get(1);
        CourseTimes.Notebook third = course.notebooks().get(2);
        assertTrue(second.startSeconds() < first.seconds(), "the first two ran at once: " + course);
        double firstEnd = Math.min(first.startSeconds() + first.seconds(), second.startSeconds() + second.seconds());
        assertTrue(third.startSeconds() >= firstEnd - 0.5, "the third waited for a free slot: " + course);
        double lastEnd = 0;
        for (CourseTimes.Notebook n : course.notebooks()) {
            assertTrue(n.seconds() > 0, n.toString());
            lastEnd = Math.max(lastEnd, n.startSeconds() + n.seconds());
        }
        assertTrue(course.wallSeconds() >= lastEnd - 0.2 && course.wallSeconds() < lastEnd + 5,
                "wall time " + course.wallSeconds() + " against the last end " + lastEnd);

        JsonObject raw = JsonParser.parseString(Files.readString(timings)).getAsJsonObject();
        JsonArray entries = raw.getAsJsonArray("notebooks");
        assertEquals(50, entries.get(1).getAsJsonObject().get("expected_seconds").getAsDouble(), 1e-9);
        assertFalse(entries.get(0).getAsJsonObject().has("expected_seconds"), "never timed");
        assertTrue(entries.get(1).getAsJsonObject().get("kernel_cpu_seconds").getAsDouble() > 0, raw.toString());
    }

    @Test
    void withoutPublishingAFailureLetsTheRunningNotebookFinishAndStartsNoNewOne() throws Exception {
        Path notebooks = repo();
        Path log = dir.resolve("log.txt");
        int rc = run(new Reports.Request(notebooks, dir.resolve("reports"), 300, List.of()), log);
        String out = Files.readString(log);
        assertEquals(1, rc, out);
        assertTrue(out.contains("[c-new-fails] reports: FAILED"), out);
        // b-long started with the failing notebook, so it finished; a-short was still waiting
        assertTrue(Files.exists(dir.resolve("reports/b-long.html")), out);
        assertTrue(out.contains("reports: not started after the failure: a-short"), out);
        assertFalse(Files.exists(dir.resolve("reports/a-short.html")), out);
    }
}
