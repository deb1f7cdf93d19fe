package org.attentionlab.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.attentionlab.io.AtomicFiles;

/**
 * The timings of one whole run of the notebooks, as the runner writes them ({@code run_notebooks.py
 * --timings}): the run's wall time, how many notebooks ran at once, and each notebook's start offset
 * and seconds. A publish of every notebook keeps them as {@code docs/reports/course.json}, so the
 * time the whole course takes is quoted from a run, like every other figure.
 */
public final class CourseTimes {
    /** The published file's name, beside the lessons' NAME.json. */
    public static final String FILE = "course.json";

    private CourseTimes() {
    }

    /** One notebook of the run: when it started (seconds after the run began), how long it took, and whether it succeeded. */
    public record Notebook(String name, boolean ok, double startSeconds, double seconds) {
    }

    /** The run: its wall time, the notebooks that ran at once at most, and each notebook in the order they started. */
    public record Course(double wallSeconds, int jobs, List<Notebook> notebooks) {
        /** Whether every notebook succeeded: only then is the wall time the whole course's. */
        public boolean allSucceeded() {
            return !notebooks.isEmpty() && notebooks.stream().allMatch(Notebook::ok);
        }

        /** One line for the command's output. */
        public String summary() {
            return String.format(Locale.ROOT, "%d notebook(s) in %.1f min (%.0f s) with --jobs %d",
                    notebooks.size(), wallSeconds / 60, wallSeconds, jobs);
        }
    }

    /**
     * Reads a timings file.
     *
     * @throws IllegalArgumentException naming the file and the field when it is not what the runner writes
     */
    public static Course read(Path file) throws IOException {
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw new IllegalArgumentException(file + " is not a JSON object");
            }
            o = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(file + " is not JSON: " + e.getMessage(), e);
        }
        List<Notebook> notebooks = new ArrayList<>();
        JsonElement list = o.get("notebooks");
        if (list == null || !list.isJsonArray()) {
            throw new IllegalArgumentException(file + ": no list 'notebooks'");
        }
        for (JsonElement n : (JsonArray) list) {
            if (!n.isJsonObject()) {
                throw new IllegalArgumentException(file + ": a notebook's entry is not an object: " + n);
            }
            JsonObject t = n.getAsJsonObject();
            notebooks.add(new Notebook(text(file, t, "name"), t.has("ok") && t.get("ok").getAsBoolean(),
                    number(file, t, "start_seconds"), number(file, t, "seconds")));
        }
        return new Course(number(file, o, "wall_seconds"), (int) number(file, o, "jobs"), List.copyOf(notebooks));
    }

    /**
     * Keeps the run's timings as {@code dir/course.json} when the run was the whole course: every
     * notebook ran ({@code wholeCourse}, no name filter) and each one succeeded. Anything less keeps
     * the previous file, since its wall time would not be the course's.
     *
     * @return one line for the command's output saying what was done and why
     */
    public static String keep(Path timings, Path dir, boolean wholeCourse) throws IOException {
        Path target = dir.resolve(FILE);
        if (!Files.isRegularFile(timings) || Files.size(timings) == 0) {
            return "the runner wrote no timings; " + target + " is unchanged";
        }
        Course course;
        try {
            course = read(timings);
        } catch (IllegalArgumentException e) {
            return e.getMessage() + "; " + target + " is unchanged";
        }
        if (!wholeCourse) {
            return course.summary() + "; --only ran part of the course, so " + target + " is unchanged";
        }
        if (!course.allSucceeded()) {
            return course.summary() + "; not every notebook succeeded, so " + target + " is unchanged";
        }
        return course.summary() + "; wrote " + publish(timings, dir);
    }

    /**
     * Copies the timings file to {@code dir/course.json} in one rename ({@link AtomicFiles}), so a
     * reader never sees half of it.
     */
    public static Path publish(Path timings, Path dir) throws IOException {
        Path target = dir.resolve(FILE).toAbsolutePath();
        AtomicFiles.writeString(target, Files.readString(timings, java.nio.charset.StandardCharsets.UTF_8));
        return target;
    }

    private static double number(Path file, JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException(file + ": '" + key + "' is not a number: " + e);
        }
        return e.getAsDouble();
    }

    private static String text(Path file, JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException(file + ": '" + key + "' is not a string: " + e);
        }
        return e.getAsString();
    }
}
