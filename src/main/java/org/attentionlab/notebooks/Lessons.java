package org.attentionlab.notebooks;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The lessons' sources ({@code notebooks/src/NAME.md}) and the notebooks built from them
 * ({@code notebooks/NAME.ipynb}): build, check that they agree, import edits made in Jupyter back
 * into the source, and measure how much of a lesson is prose.
 *
 * <p>The source is what a person edits and reviews; the notebook is what Jupyter, Binder and the
 * repository's web page show, with the outputs of the last published run. Building keeps the
 * outputs of every cell whose source did not change (same id), so an edit of one paragraph does not
 * throw away the published plots.
 */
public final class Lessons {
    /** The subdirectory of the notebook directory that holds the sources. */
    public static final String SOURCES = "src";

    private static final String METADATA = """
            {"kernelspec": {"display_name": "Java", "language": "java", "name": "java"},
             "language_info": {"codemirror_mode": "java", "file_extension": ".jshell",
                               "mimetype": "text/x-java-source", "name": "java",
                               "pygments_lexer": "java", "version": "17"}}""";

    private final Path notebooks;

    /** @param notebooks the notebook directory; its sources are in {@code notebooks/src} */
    public Lessons(Path notebooks) {
        this.notebooks = notebooks;
    }

    /** The sources, by name, sorted. */
    public List<Path> sources() throws IOException {
        Path dir = notebooks.resolve(SOURCES);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().toList();
        }
    }

    /** The notebook built from {@code source}. */
    public Path notebookOf(Path source) {
        String n = source.getFileName().toString();
        return notebooks.resolve(n.substring(0, n.length() - ".md".length()) + ".ipynb");
    }

    public static List<Cell> read(Path source) throws IOException {
        return LessonSource.parse(Files.readString(source, StandardCharsets.UTF_8), source.toString());
    }

    /** Writes every notebook from its source; returns the notebooks whose file changed. */
    public List<Path> build() throws IOException {
        List<Path> changed = new ArrayList<>();
        for (Path src : sources()) {
            Path nb = notebookOf(src);
            String before = Files.exists(nb) ? Files.readString(nb, StandardCharsets.UTF_8) : null;
            JsonObject built = build(read(src), Files.exists(nb) ? NotebookJson.read(nb) : null);
            NotebookJson.write(built, nb);
            if (!Files.readString(nb, StandardCharsets.UTF_8).equals(before)) {
                changed.add(nb);
            }
        }
        return changed;
    }

    /** A notebook of {@code cells}, keeping from {@code previous} (may be null) the outputs of cells with the same id. */
    static JsonObject build(List<Cell> cells, JsonObject previous) {
        Map<String, JsonObject> old = new HashMap<>();
        if (previous != null) {
            for (JsonElement e : previous.getAsJsonArray("cells")) {
                JsonObject c = e.getAsJsonObject();
                if (c.has("id")) {
                    old.put(c.get("id").getAsString(), c);
                }
            }
        }
        JsonArray out = new JsonArray();
        for (Cell c : cells) {
            JsonObject prev = old.get(c.id());
            JsonObject o = new JsonObject();
            o.addProperty("cell_type", c.kind());
            o.addProperty("id", c.id());
            o.add("metadata", prev != null && prev.has("metadata") ? prev.get("metadata") : new JsonObject());
            o.add("source", NotebookJson.lines(c.source()));
            if (c.isCode()) {
                boolean keep = prev != null && "code".equals(prev.get("cell_type").getAsString());
                o.add("execution_count", keep && prev.has("execution_count") ? prev.get("execution_count")
                        : com.google.gson.JsonNull.INSTANCE);
                o.add("outputs", keep && prev.has("outputs") ? prev.get("outputs") : new JsonArray());
            }
            out.add(o);
        }
        JsonObject nb = new JsonObject();
        nb.add("cells", out);
        nb.add("metadata", previous != null && previous.has("metadata") ? previous.get("metadata")
                : JsonParser.parseString(METADATA));
        nb.addProperty("nbformat", 4);
        nb.addProperty("nbformat_minor", 5);
        return nb;
    }

    /**
     * Every place where a committed notebook's cells differ from its source, one line each naming the
     * notebook and the cell; empty when all agree. Notebooks without a source are reported too.
     */
    public List<String> check() throws IOException {
        List<String> problems = new ArrayList<>();
        List<Path> built = new ArrayList<>();
        for (Path src : sources()) {
            Path nb = notebookOf(src);
            built.add(nb);
            if (!Files.exists(nb)) {
                problems.add(nb + ": missing; build it from " + src + " with: attention-lab notebooks build");
                continue;
            }
            problems.addAll(compare(read(src), NotebookJson.cells(NotebookJson.read(nb)), src, nb));
        }
        try (Stream<Path> s = Files.list(notebooks)) {
            s.filter(p -> p.getFileName().toString().endsWith(".ipynb") && !built.contains(p)).sorted()
                    .forEach(p -> problems.add(p + ": has no source in " + notebooks.resolve(SOURCES)));
        }
        return problems;
    }

    static List<String> compare(List<Cell> expected, List<Cell> actual, Path src, Path nb) {
        List<String> problems = new ArrayList<>();
        int n = Math.max(expected.size(), actual.size());
        for (int i = 0; i < n; i++) {
            String where = nb + ": cell " + (i + 1);
            if (i >= actual.size()) {
                Cell e = expected.get(i);
                problems.add(where + " is missing (" + src + " line " + e.line() + ": " + firstLine(e.source()) + ")");
                continue;
            }
            Cell a = actual.get(i);
            if (i >= expected.size()) {
                problems.add(where + " (" + firstLine(a.source()) + ") is not in " + src);
                continue;
            }
            Cell e = expected.get(i);
            if (!e.kind().equals(a.kind())) {
                problems.add(where + " is " + a.kind() + " but " + src + " line " + e.line() + " has a " + e.kind()
                        + " cell");
            } else if (!e.source().equals(a.source())) {
                problems.add(where + " (" + firstLine(a.source()) + ") differs from " + src + " line " + e.line()
                        + ": " + firstDifference(e.source(), a.source()));
            } else if (!e.id().equals(a.id())) {
                problems.add(where + " has id " + a.id() + ", the source gives " + e.id());
            }
            if (!problems.isEmpty() && problems.size() >= 20) {
                problems.add(nb + ": more differences left out; rebuild with: attention-lab notebooks build");
                break;
            }
        }
        return problems;
    }

    private static String firstLine(String s) {
        String l = s.strip().split("\n", 2)[0];
        return l.length() > 60 ? l.substring(0, 57) + "..." : l;
    }

    private static String firstDifference(String expected, String actual) {
        String[] e = expected.split("\n", -1), a = actual.split("\n", -1);
        for (int i = 0; i < Math.max(e.length, a.length); i++) {
            String x = i < e.length ? e[i] : "(nothing)", y = i < a.length ? a[i] : "(nothing)";
            if (!x.equals(y)) {
                return "line " + (i + 1) + " of the cell is '" + clip(y) + "' in the notebook, '" + clip(x)
                        + "' in the source";
            }
        }
        return "whitespace differs";
    }

    private static String clip(String s) {
        return s.length() > 50 ? s.substring(0, 47) + "..." : s;
    }

    /** The code/prose figures of a source ({@code .md}) or a notebook ({@code .ipynb}). */
    public static LessonStats stats(Path file) throws IOException {
        String n = file.getFileName().toString();
        List<Cell> cells = n.endsWith(".ipynb") ? NotebookJson.cells(NotebookJson.read(file)) : read(file);
        return LessonStats.of(n.substring(0, n.lastIndexOf('.')), cells);
    }

    /**
     * Writes the cells of {@code notebook} as the source {@code notebooks/src/NAME.md} (an edit made in
     * Jupyter), then rebuilds the notebook from it so the edited cells get their new ids.
     */
    public Path importNotebook(Path notebook) throws IOException {
        List<Cell> cells = NotebookJson.cells(NotebookJson.read(notebook));
        String n = notebook.getFileName().toString();
        Path src = notebooks.resolve(SOURCES).resolve(n.substring(0, n.length() - ".ipynb".length()) + ".md");
        Files.createDirectories(src.getParent());
        Files.writeString(src, LessonSource.write(cells), StandardCharsets.UTF_8);
        NotebookJson.write(build(read(src), NotebookJson.read(notebook)), notebookOf(src));
        return src;
    }
}
