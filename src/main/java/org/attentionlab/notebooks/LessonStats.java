package org.attentionlab.notebooks;

import java.util.List;
import java.util.Locale;

/**
 * How much of a lesson is code and how much is prose: the longest code cell in lines, the
 * characters of code and of Markdown, and their ratio. A lesson should read as prose with small
 * examples (the Annotated Transformer has about 0.6 characters of prose per character of code).
 */
public record LessonStats(String name, int codeCells, int longestCodeCell, int codeChars, int proseChars) {
    public static LessonStats of(String name, List<Cell> cells) {
        int code = 0, longest = 0, codeChars = 0, prose = 0;
        for (Cell c : cells) {
            if (c.isCode()) {
                code++;
                longest = Math.max(longest, c.lines());
                codeChars += c.source().length();
            } else {
                prose += c.source().length();
            }
        }
        return new LessonStats(name, code, longest, codeChars, prose);
    }

    /** Characters of prose per character of code. */
    public double proseRatio() {
        return codeChars == 0 ? Double.POSITIVE_INFINITY : (double) proseChars / codeChars;
    }

    public static String header() {
        return String.format(Locale.ROOT, "%-34s %10s %13s %11s %11s %11s", "lesson", "code cells",
                "longest cell", "code chars", "prose chars", "prose/code");
    }

    public String line() {
        return String.format(Locale.ROOT, "%-34s %10d %8d lines %11d %11d %11.2f", name, codeCells, longestCodeCell,
                codeChars, proseChars, proseRatio());
    }
}
