package org.attentionlab.notebooks;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The repository's lessons read as lessons: no code cell over 25 lines, and at least 0.6 characters
 * of prose for every character of code (the Annotated Transformer's proportion). Prints the figures
 * of every lesson, as {@code attention-lab notebooks stats} does.
 */
class LessonShapeTest {
    static final int LONGEST_CODE_CELL = 25;
    static final double PROSE_PER_CODE = 0.6;

    @Test
    void everyLessonHasShortCellsAndMoreProseThanCode() throws Exception {
        List<Path> sources = new Lessons(Path.of("notebooks")).sources();
        assertFalse(sources.isEmpty(), "no lesson sources in notebooks/src");
        List<String> problems = new ArrayList<>();
        System.out.println(LessonStats.header());
        for (Path source : sources) {
            LessonStats s = Lessons.stats(source);
            System.out.println(s.line());
            if (s.longestCodeCell() > LONGEST_CODE_CELL) {
                problems.add(s.name() + ": a code cell of " + s.longestCodeCell() + " lines");
            }
            if (s.proseRatio() < PROSE_PER_CODE) {
                problems.add(s.name() + String.format(": %.2f characters of prose per character of code", s.proseRatio()));
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
