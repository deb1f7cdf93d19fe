package org.attentionlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which runs become docs/reports/course.json: only a whole course in which every notebook succeeded. */
class CourseTimesTest {
    @TempDir
    Path dir;

    private Path timings(boolean secondOk) throws Exception {
        return Files.writeString(dir.resolve("timings.json"), """
                {"wall_seconds": 1500.4, "wall_minutes": 25.0, "jobs": 2, "cpus": 2,
                 "notebooks": [
                   {"name": "03-position-encodings", "ok": true, "start_seconds": 0.0, "seconds": 1373.2},
                   {"name": "06-transformer-end-to-end", "ok": %s, "start_seconds": 0.1, "seconds": 656.0}]}
                """.formatted(secondOk));
    }

    @Test
    void aWholeCourseThatSucceededIsKept() throws Exception {
        Path published = Files.createDirectories(dir.resolve("docs/reports"));
        String line = CourseTimes.keep(timings(true), published, true);
        assertEquals("2 notebook(s) in 25.0 min (1500 s) with --jobs 2; wrote "
                + published.resolve("course.json").toAbsolutePath(), line);
        assertEquals(Files.readString(dir.resolve("timings.json")), Files.readString(published.resolve("course.json")));
        CourseTimes.Course c = CourseTimes.read(published.resolve("course.json"));
        assertEquals(0.1, c.notebooks().get(1).startSeconds(), 1e-12);
        assertEquals(1373.2, c.notebooks().get(0).seconds(), 1e-12);
    }

    @Test
    void partOfTheCourseOrAFailureKeepsThePreviousFile() throws Exception {
        Path published = Files.createDirectories(dir.resolve("docs/reports"));
        Files.writeString(published.resolve("course.json"), "previous");
        assertTrue(CourseTimes.keep(timings(true), published, false).endsWith(
                "--only ran part of the course, so " + published.resolve("course.json") + " is unchanged"));
        String failed = CourseTimes.keep(timings(false), published, true);
        assertTrue(failed.contains("not every notebook succeeded"), failed);
        Files.writeString(dir.resolve("timings.json"), "");
        assertTrue(CourseTimes.keep(dir.resolve("timings.json"), published, true).startsWith("the runner wrote no timings"));
        Files.writeString(dir.resolve("timings.json"), "{\"jobs\": 2, \"notebooks\": []}");
        String bad = CourseTimes.keep(dir.resolve("timings.json"), published, true);
        assertTrue(bad.contains("'wall_seconds' is not a number"), bad);
        assertEquals("previous", Files.readString(published.resolve("course.json")));
        assertFalse(Files.list(published).anyMatch(p -> p.getFileName().toString().endsWith(".tmp")));
    }
}
