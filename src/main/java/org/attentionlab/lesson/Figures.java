package org.attentionlab.lesson;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A lesson's headline figures, by name: what the published report's JSON file holds and what the
 * READMEs quote, so that no figure is ever typed by hand.
 *
 * <p>Each {@code record} call also rewrites the JSON file named by the environment variable
 * {@value #ENV} (set by {@code attention-lab reports} for each notebook) as one flat object of
 * numbers; a figure measured over seeds is written as its mean under {@code name} and the values
 * under {@code name_seeds}. Without the variable the figures are only kept in memory and shown by
 * {@link #table()}. One kernel runs one notebook, so the figures are kept per JVM.
 */
public final class Figures {
    /** Environment variable naming the JSON file to write. */
    public static final String ENV = "ATTENTION_LAB_FIGURES";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Map<String, Object> FIGURES = new LinkedHashMap<>();
    private static final Map<String, Unit> UNITS = new LinkedHashMap<>();

    private Figures() {
    }

    /** Records one figure, e.g. {@code Figures.record("copy_sequence_accuracy", 0.991, Unit.PERCENT)}. */
    public static synchronized double record(String name, double value, Unit unit) {
        check(name, value);
        FIGURES.put(name, value);
        UNITS.put(name, unit);
        write();
        return value;
    }

    /**
     * Records the mean of {@code spread} under {@code name} and its values under {@code name_seeds}
     * (a single run gives a list of one value, so a reader can tell it was not repeated).
     */
    public static synchronized Spread record(String name, Spread spread, Unit unit) {
        for (double v : spread.values()) {
            check(name, v);
        }
        FIGURES.put(name, spread.mean());
        FIGURES.put(name + "_seeds", spread.values());
        UNITS.put(name, unit);
        write();
        return spread;
    }

    /** The figures recorded so far, in order (numbers, and double[] for the {@code _seeds} lists). */
    public static synchronized Map<String, Object> all() {
        Map<String, Object> copy = new LinkedHashMap<>();
        FIGURES.forEach((k, v) -> copy.put(k, v instanceof double[] d ? d.clone() : v));
        return copy;
    }

    /** The value of a recorded figure (the mean for one recorded over seeds). */
    public static synchronized double get(String name) {
        Object v = FIGURES.get(name);
        if (!(v instanceof Double d)) {
            throw new IllegalArgumentException("no figure named '" + name + "' was recorded; recorded: "
                    + FIGURES.keySet());
        }
        return d;
    }

    /** Every figure recorded so far as a table (name, value formatted in its unit, seeds). */
    public static synchronized ResultTable table() {
        ResultTable t = new ResultTable("headline figures").text("figure").text("value").text("runs");
        UNITS.forEach((name, unit) -> {
            Object seeds = FIGURES.get(name + "_seeds");
            if (seeds instanceof double[] d) {
                t.row(name, Spread.of(d).format(unit), Integer.toString(d.length));
            } else {
                t.row(name, unit.format((Double) FIGURES.get(name)), "1");
            }
        });
        return t;
    }

    /** Forgets every figure (tests, or a notebook that starts over). */
    public static synchronized void clear() {
        FIGURES.clear();
        UNITS.clear();
    }

    private static void check(String name, double value) {
        if (name == null || !NAME.matcher(name).matches() || name.endsWith("_seeds")) {
            throw new IllegalArgumentException("a figure's name is lower case letters, digits and _, starting with a"
                    + " letter and not ending in _seeds; got '" + name + "'");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("figure '" + name + "' is " + value
                    + ": a headline figure must be a finite number");
        }
    }

    private static void write() {
        String target = System.getenv(ENV);
        if (target == null || target.isBlank()) {
            return;
        }
        try {
            writeTo(Path.of(target));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the figures to " + target + " (" + ENV + "): "
                    + e.getMessage(), e);
        }
    }

    /** Writes the figures as one flat JSON object to {@code file}, replacing it in one step. */
    static synchronized void writeTo(Path file) throws IOException {
        JsonObject o = new JsonObject();
        FIGURES.forEach((k, v) -> {
            if (v instanceof double[] d) {
                JsonArray a = new JsonArray();
                for (double x : d) {
                    a.add(x);
                }
                o.add(k, a);
            } else {
                o.addProperty(k, (Double) v);
            }
        });
        Path abs = file.toAbsolutePath();
        if (abs.getParent() != null) {
            Files.createDirectories(abs.getParent());
        }
        Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp");
        Files.writeString(tmp, new GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
