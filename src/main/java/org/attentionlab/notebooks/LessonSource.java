package org.attentionlab.notebooks;

import java.util.ArrayList;
import java.util.List;

/**
 * A lesson's source: Markdown with the Java cells as fenced {@code java} blocks, in jupytext's
 * Markdown conventions, so a jupytext user can pair it with the notebook and a reviewer reads it
 * with Java highlighting.
 *
 * <ul>
 * <li>An optional YAML front matter between {@code ---} lines (jupytext's pairing metadata) is skipped.</li>
 * <li>A block fenced by a line {@code ```java} and a line {@code ```} is a code cell.</li>
 * <li>The text between code cells is Markdown; two or more blank lines in a row start a new Markdown
 *     cell, unless the text sits between {@code <!-- #region -->} and {@code <!-- #endregion -->}.</li>
 * </ul>
 */
public final class LessonSource {
    static final String FENCE_OPEN = "```java";
    static final String FENCE_CLOSE = "```";
    static final String REGION_OPEN = "<!-- #region -->";
    static final String REGION_CLOSE = "<!-- #endregion -->";

    /** The front matter the writer puts first: jupytext pairs notebooks/NAME.ipynb with notebooks/src/NAME.md. */
    static final String FRONT_MATTER = String.join("\n",
            "---",
            "jupyter:",
            "  jupytext:",
            "    formats: ipynb,src//md",
            "    text_representation:",
            "      extension: .md",
            "      format_name: markdown",
            "  kernelspec:",
            "    display_name: Java",
            "    language: java",
            "    name: java",
            "---");

    private LessonSource() {
    }

    /** The cells of a source, with their ids; {@code name} is used in error messages. */
    public static List<Cell> parse(String text, String name) {
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        int i = 0;
        if (lines.length > 0 && lines[0].equals("---")) {
            i = 1;
            while (i < lines.length && !lines[i].equals("---")) {
                i++;
            }
            if (i == lines.length) {
                throw new IllegalArgumentException(name + ": the front matter opened on line 1 is never closed by ---");
            }
            i++;
        }
        List<Cell> cells = new ArrayList<>();
        List<String> text0 = new ArrayList<>();
        int textStart = i + 1;
        for (; i < lines.length; i++) {
            String line = lines[i];
            if (line.strip().equals(FENCE_OPEN)) {
                flushMarkdown(cells, text0, textStart);
                int start = i + 1;
                List<String> code = new ArrayList<>();
                for (i++; i < lines.length && !lines[i].strip().equals(FENCE_CLOSE); i++) {
                    code.add(lines[i]);
                }
                if (i == lines.length) {
                    throw new IllegalArgumentException(name + ": the java block opened on line " + start
                            + " is never closed by ```");
                }
                cells.add(new Cell(null, Cell.CODE, String.join("\n", code), start + 1));
                textStart = i + 2;
            } else if (line.strip().equals(REGION_OPEN)) {
                flushMarkdown(cells, text0, textStart);
                int start = i + 1;
                List<String> region = new ArrayList<>();
                for (i++; i < lines.length && !lines[i].strip().equals(REGION_CLOSE); i++) {
                    region.add(lines[i]);
                }
                if (i == lines.length) {
                    throw new IllegalArgumentException(name + ": the region opened on line " + start
                            + " is never closed by " + REGION_CLOSE);
                }
                cells.add(new Cell(null, Cell.MARKDOWN, trimBlankLines(region), start + 1));
                textStart = i + 2;
            } else if (line.isBlank() && i + 1 < lines.length && lines[i + 1].isBlank() && !isBlank(text0)) {
                flushMarkdown(cells, text0, textStart); // two blank lines: the next Markdown cell starts
                textStart = i + 2;
            } else {
                if (text0.isEmpty() && line.isBlank()) {
                    textStart = i + 2;
                    continue;
                }
                text0.add(line);
            }
        }
        flushMarkdown(cells, text0, textStart);
        return Cell.withIds(cells);
    }

    private static boolean isBlank(List<String> lines) {
        return lines.stream().allMatch(String::isBlank);
    }

    private static void flushMarkdown(List<Cell> cells, List<String> lines, int line) {
        if (!isBlank(lines)) {
            cells.add(new Cell(null, Cell.MARKDOWN, trimBlankLines(lines), line));
        }
        lines.clear();
    }

    private static String trimBlankLines(List<String> lines) {
        int a = 0, b = lines.size();
        while (a < b && lines.get(a).isBlank()) {
            a++;
        }
        while (b > a && lines.get(b - 1).isBlank()) {
            b--;
        }
        return String.join("\n", lines.subList(a, b));
    }

    /** Writes cells as a source that {@link #parse} reads back to the same cells. */
    public static String write(List<Cell> cells) {
        StringBuilder s = new StringBuilder(FRONT_MATTER).append("\n");
        for (Cell c : cells) {
            s.append("\n");
            if (c.isCode()) {
                s.append(FENCE_OPEN).append("\n").append(c.source()).append("\n").append(FENCE_CLOSE).append("\n");
            } else if (needsRegion(c.source())) {
                s.append(REGION_OPEN).append("\n").append(c.source()).append("\n").append(REGION_CLOSE).append("\n");
            } else {
                s.append(c.source()).append("\n");
                s.append("\n"); // two blank lines after Markdown: a Markdown cell that follows is a cell of its own
            }
        }
        return s.toString();
    }

    /** A Markdown cell that the plain rules would split or misread keeps its boundaries in a region. */
    private static boolean needsRegion(String source) {
        if (source.contains("\n\n\n") || source.isBlank()) {
            return true;
        }
        for (String line : source.split("\n")) {
            String t = line.strip();
            if (t.equals(FENCE_OPEN) || t.equals(REGION_OPEN) || t.equals(REGION_CLOSE)) {
                return true;
            }
        }
        return false;
    }
}
