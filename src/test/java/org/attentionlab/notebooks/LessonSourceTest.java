package org.attentionlab.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LessonSourceTest {
    static final String SOURCE = String.join("\n",
            LessonSource.FRONT_MATTER,
            "",
            "# Title",
            "",
            "Some $x^2$ prose.",
            "",
            "",
            "A second Markdown cell.",
            "",
            "```java",
            "int a = 1;",
            "",
            "a + 1",
            "```",
            "",
            "```java",
            "a",
            "```",
            "Closing words.",
            "",
            "<!-- #region -->",
            "Kept together",
            "",
            "",
            "across two blank lines.",
            "<!-- #endregion -->",
            "");

    @Test
    void readsMarkdownAndJavaCellsInOrder() {
        List<Cell> cells = LessonSource.parse(SOURCE, "t.md");
        assertEquals(List.of("markdown", "markdown", "code", "code", "markdown", "markdown"),
                cells.stream().map(Cell::kind).toList());
        assertEquals("# Title\n\nSome $x^2$ prose.", cells.get(0).source());
        assertEquals("A second Markdown cell.", cells.get(1).source());
        assertEquals("int a = 1;\n\na + 1", cells.get(2).source());
        assertEquals("a", cells.get(3).source());
        assertEquals("Closing words.", cells.get(4).source());
        assertEquals("Kept together\n\n\nacross two blank lines.", cells.get(5).source());
        assertEquals(LessonSource.FRONT_MATTER.split("\n").length + 2, cells.get(0).line());
    }

    @Test
    void writingAndReadingGivesTheSameCells() {
        List<Cell> cells = LessonSource.parse(SOURCE, "t.md");
        List<Cell> again = LessonSource.parse(LessonSource.write(cells), "again.md");
        assertEquals(cells.stream().map(c -> c.id() + c.kind() + c.source()).toList(),
                again.stream().map(c -> c.id() + c.kind() + c.source()).toList());
    }

    @Test
    void idsFollowTheContentSoAnEditChangesOnlyTheEditedCell() {
        List<Cell> before = LessonSource.parse(SOURCE, "t.md");
        List<Cell> after = LessonSource.parse(SOURCE.replace("int a = 1;", "int a = 2;"), "t.md");
        for (int i = 0; i < before.size(); i++) {
            if (i == 2) {
                assertNotEquals(before.get(i).id(), after.get(i).id());
            } else {
                assertEquals(before.get(i).id(), after.get(i).id());
            }
        }
        List<Cell> twice = LessonSource.parse("```java\nx\n```\n\n```java\nx\n```\n", "d.md");
        assertEquals(twice.get(0).id() + "-2", twice.get(1).id());
        assertTrue(twice.get(0).id().matches("[0-9a-f]{8}"));
    }

    @Test
    void anUnclosedBlockIsNamedWithItsLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LessonSource.parse("text\n\n```java\nint a;\n", "bad.md"));
        assertTrue(e.getMessage().contains("bad.md") && e.getMessage().contains("line 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LessonSource.parse("---\njupyter:\n", "fm.md"));
    }

    @Test
    void otherFencedBlocksStayInTheirMarkdownCell() {
        List<Cell> cells = LessonSource.parse("Look:\n\n```text\nnot code\n```\n\nmore\n", "m.md");
        assertEquals(1, cells.size());
        assertEquals("markdown", cells.get(0).kind());
    }
}
