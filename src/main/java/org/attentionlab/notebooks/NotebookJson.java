package org.attentionlab.notebooks;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Reads and writes {@code .ipynb} files (nbformat 4.5) in the layout nbformat itself writes: keys
 * sorted, one space of indent, sources split into lines, non-ASCII text as is. A notebook built
 * here and one executed and written by Jupyter's own tools therefore differ only where their
 * content differs.
 */
final class NotebookJson {
    private NotebookJson() {
    }

    static JsonObject read(Path file) throws IOException {
        try {
            JsonElement e = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            if (!e.isJsonObject() || !e.getAsJsonObject().has("cells")) {
                throw new IOException(file + ": not a notebook (no \"cells\")");
            }
            return e.getAsJsonObject();
        } catch (com.google.gson.JsonParseException e) {
            throw new IOException(file + ": not valid JSON: " + e.getMessage(), e);
        }
    }

    /** The cells of a notebook: id, kind and source (joined), line 0. */
    static List<Cell> cells(JsonObject notebook) {
        List<Cell> out = new ArrayList<>();
        for (JsonElement e : notebook.getAsJsonArray("cells")) {
            JsonObject c = e.getAsJsonObject();
            String kind = c.get("cell_type").getAsString();
            String id = c.has("id") ? c.get("id").getAsString() : "";
            out.add(new Cell(id, kind.equals("code") ? Cell.CODE : Cell.MARKDOWN, text(c.get("source")), 0));
        }
        return out;
    }

    /** A multi-line string field, stored either as one string or as a list of lines. */
    static String text(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return "";
        }
        if (e.isJsonArray()) {
            StringBuilder s = new StringBuilder();
            for (JsonElement line : e.getAsJsonArray()) {
                s.append(line.getAsString());
            }
            return s.toString();
        }
        return e.getAsString();
    }

    /** The source as nbformat stores it: lines that keep their newline, the last one without. */
    static JsonArray lines(String source) {
        JsonArray a = new JsonArray();
        int start = 0;
        for (int i = 0; i < source.length(); i++) {
            if (source.charAt(i) == '\n') {
                a.add(source.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < source.length()) {
            a.add(source.substring(start));
        }
        return a;
    }

    static void write(JsonObject notebook, Path file) throws IOException {
        StringBuilder s = new StringBuilder();
        emit(notebook, s, 0);
        s.append("\n");
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(tmp, s.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Python's {@code json.dumps(x, indent=1, sort_keys=True, separators=(",", ": "), ensure_ascii=False)}. */
    static void emit(JsonElement e, StringBuilder s, int depth) {
        if (e.isJsonObject()) {
            TreeMap<String, JsonElement> sorted = new TreeMap<>();
            e.getAsJsonObject().entrySet().forEach(en -> sorted.put(en.getKey(), en.getValue()));
            if (sorted.isEmpty()) {
                s.append("{}");
                return;
            }
            s.append("{");
            boolean first = true;
            for (var en : sorted.entrySet()) {
                s.append(first ? "\n" : ",\n").append(" ".repeat(depth + 1));
                quote(en.getKey(), s);
                s.append(": ");
                emit(en.getValue(), s, depth + 1);
                first = false;
            }
            s.append("\n").append(" ".repeat(depth)).append("}");
        } else if (e.isJsonArray()) {
            JsonArray a = e.getAsJsonArray();
            if (a.isEmpty()) {
                s.append("[]");
                return;
            }
            s.append("[");
            for (int i = 0; i < a.size(); i++) {
                s.append(i == 0 ? "\n" : ",\n").append(" ".repeat(depth + 1));
                emit(a.get(i), s, depth + 1);
            }
            s.append("\n").append(" ".repeat(depth)).append("]");
        } else if (e.isJsonNull()) {
            s.append("null");
        } else {
            JsonPrimitive p = e.getAsJsonPrimitive();
            if (p.isString()) {
                quote(p.getAsString(), s);
            } else if (p.isBoolean()) {
                s.append(p.getAsBoolean() ? "true" : "false");
            } else {
                s.append(p.getAsNumber().toString());
            }
        }
    }

    /** A JSON string as Python writes it with ensure_ascii=False (Java's sort order of keys matches
     *  Python's for the ASCII keys notebooks use). */
    private static void quote(String v, StringBuilder s) {
        s.append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                case '\b' -> s.append("\\b");
                case '\f' -> s.append("\\f");
                default -> {
                    if (c < 0x20) {
                        s.append(String.format("\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        s.append('"');
    }
}
