package org.attentionlab.notebooks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * One cell of a lesson: {@code markdown} or {@code code}, its source, and its id in the notebook.
 *
 * <p>Ids come from the cell's kind and source (the first 8 hex digits of their SHA-1, with a suffix
 * for a repeated cell), so building an unchanged source gives the same ids, an edited cell gets a new
 * one, and the cells around it keep theirs: a published notebook keeps the outputs of every cell that
 * did not change.
 */
public record Cell(String id, String kind, String source, int line) {
    public static final String MARKDOWN = "markdown";
    public static final String CODE = "code";

    public Cell {
        if (!MARKDOWN.equals(kind) && !CODE.equals(kind)) {
            throw new IllegalArgumentException("a cell is markdown or code, got " + kind);
        }
    }

    public boolean isCode() {
        return CODE.equals(kind);
    }

    /** The number of lines of the source (0 for an empty cell). */
    public int lines() {
        return source.isEmpty() ? 0 : source.split("\n", -1).length;
    }

    /** The same cells with their content-derived ids. */
    public static List<Cell> withIds(List<Cell> cells) {
        Map<String, Integer> seen = new HashMap<>();
        List<Cell> out = new ArrayList<>(cells.size());
        for (Cell c : cells) {
            String base = hash(c.kind + "\n" + c.source);
            int n = seen.merge(base, 1, Integer::sum);
            out.add(new Cell(n == 1 ? base : base + "-" + n, c.kind, c.source, c.line));
        }
        return out;
    }

    private static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }
}
