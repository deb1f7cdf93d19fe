package org.attentionlab.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FigureBlocksTest {
    @TempDir
    Path dir;

    private Path reports;

    @BeforeEach
    void figures() throws Exception {
        reports = Files.createDirectories(dir.resolve("docs/reports"));
        Files.writeString(reports.resolve("01-attention.json"), """
                {"reverse_sequence_accuracy": 0.991, "copy_sequence_accuracy": 0.9984, "train_seconds": 212.4,
                 "steps": 1260.5, "tiny": 0.000123456, "half": 0.125, "negative": -0.00004,
                 "warmup_gain": 0.12, "warmup_gain_seeds": [0.1, 0.13, 0.13], "one_seeds": [0.5]}
                """);
    }

    /** A README with one block of {@code template}, its generated text {@code generated}. */
    private Path readme(String template, String generated) throws Exception {
        Path md = dir.resolve("README.md");
        Files.writeString(md, "# Title\n\nSome text.\n\n<!-- figures 01-attention: " + template + " -->\n"
                + generated + "\n" + FigureBlocks.END + "\n\nMore text.\n");
        return md;
    }

    private String render(String template) throws Exception {
        Path md = readme(template, "old");
        FigureBlocks.regenerate(md, reports);
        String text = Files.readString(md);
        int from = text.indexOf("-->\n") + 4;
        return text.substring(from, text.indexOf("\n" + FigureBlocks.END));
    }

    @Test
    void eachFormatter() throws Exception {
        assertEquals("0.991", render("{reverse_sequence_accuracy}"));
        assertEquals("212", render("{train_seconds}"), "3 significant digits");
        assertEquals("0.12", render("{warmup_gain}"), "trailing zeros dropped, as %g does");
        assertEquals("0.000123", render("{tiny}"), "never scientific notation");
        assertEquals("99.1 %", render("{reverse_sequence_accuracy:%}"));
        assertEquals("99.8 %", render("{copy_sequence_accuracy:%}"), "rounded half up from 99.84");
        assertEquals("99.84 %", render("{copy_sequence_accuracy:2%}"));
        assertEquals("100 %", render("{copy_sequence_accuracy:0%}"));
        assertEquals("0.99", render("{reverse_sequence_accuracy:2g}"));
        assertEquals("1260", render("{steps:3g}"));
        assertEquals("212.4", render("{train_seconds:4g}"));
        assertEquals("212", render("{train_seconds:0f}"));
        assertEquals("212.4", render("{train_seconds:1f}"));
        assertEquals("0.13", render("{half:2f}"), "half up in decimal, not the binary double's 0.12");
        assertEquals("0.0", render("{negative:1f}"), "no negative zero");
        assertEquals("1,261", render("{steps:int}"));
        assertEquals("{literal} 212", render("{{literal}} {train_seconds:0f}"));
    }

    @Test
    void seedsGiveMeanAndSampleStandardDeviation() throws Exception {
        // mean 0.12, sample sd sqrt((0.0004 + 0.0001 + 0.0001) / 2) = 0.01732
        assertEquals("12.0 % ± 1.7 (3 seeds)", render("{warmup_gain:%±}"));
        assertEquals("0.12 ± 0.0173 (3 seeds)", render("{warmup_gain:3g±}"));
        assertEquals("0.12 ± 0.0173 (3 seeds)", render("{warmup_gain:±}"));
        assertEquals("0.120 ± 0.017 (3 seeds)", render("{warmup_gain:3f±}"));
    }

    @Test
    void multiLineTemplateKeepsItsLineBreaks() throws Exception {
        Path md = dir.resolve("README.md");
        Files.writeString(md, "<!-- figures 01-attention:\nReverse: {reverse_sequence_accuracy:%},\n"
                + "copy: {copy_sequence_accuracy:%}.\n-->\nstale\n" + FigureBlocks.END + "\n");
        assertTrue(FigureBlocks.regenerate(md, reports));
        assertEquals("<!-- figures 01-attention:\nReverse: {reverse_sequence_accuracy:%},\n"
                + "copy: {copy_sequence_accuracy:%}.\n-->\nReverse: 99.1 %,\ncopy: 99.8 %.\n" + FigureBlocks.END + "\n",
                Files.readString(md));
    }

    @Test
    void inlineBlockInATableCell() throws Exception {
        Path md = dir.resolve("README.md");
        Files.writeString(md, "| reverse | <!-- figures 01-attention: {reverse_sequence_accuracy:%} -->"
                + FigureBlocks.END + " |\n");
        assertTrue(FigureBlocks.regenerate(md, reports));
        assertEquals("| reverse | <!-- figures 01-attention: {reverse_sequence_accuracy:%} -->99.1 %"
                + FigureBlocks.END + " |\n", Files.readString(md));
    }

    @Test
    void regenerationIsIdempotentAndLeavesTheRestAlone() throws Exception {
        Path md = readme("Reverse {reverse_sequence_accuracy:%}, {train_seconds:0f} s.", "typed by hand");
        assertTrue(FigureBlocks.regenerate(md, reports));
        String once = Files.readString(md);
        assertTrue(once.startsWith("# Title\n\nSome text.\n\n<!-- figures 01-attention: Reverse"), once);
        assertTrue(once.contains("-->\nReverse 99.1 %, 212 s.\n" + FigureBlocks.END + "\n\nMore text.\n"), once);
        assertFalse(FigureBlocks.regenerate(md, reports), "a second run changes nothing");
        assertEquals(once, Files.readString(md));
        assertEquals(List.of(), FigureBlocks.check(md, reports));
    }

    @Test
    void checkNamesAStaleBlockWithFileAndLine() throws Exception {
        Path md = readme("Reverse {reverse_sequence_accuracy:%}.", "Reverse 99.1 %.");
        assertEquals(List.of(), FigureBlocks.check(md, reports));
        Files.writeString(reports.resolve("01-attention.json"), "{\"reverse_sequence_accuracy\": 0.95}");
        List<FigureBlocks.Stale> stale = FigureBlocks.check(md, reports);
        assertEquals(1, stale.size());
        FigureBlocks.Stale s = stale.get(0);
        assertEquals(md, s.file());
        assertEquals(5, s.line());
        assertEquals("01-attention", s.block());
        assertEquals("Reverse 99.1 %.\n", s.written());
        assertEquals("Reverse 95.0 %.\n", s.generated());
        assertTrue(s.toString().startsWith(md + ":5: figures 01-attention is stale"), s.toString());
        assertTrue(Files.readString(md).contains("-->\nReverse 99.1 %.\n"), "check does not rewrite the file");
    }

    @Test
    void blocksInFencedCodeAreDocumentationNotBlocks() throws Exception {
        Path md = dir.resolve("README.md");
        String text = "```\n<!-- figures nowhere: {missing:%} -->\nexample\n" + FigureBlocks.END + "\n```\n"
                + "Quoted: `<!-- figures NAME: ... -->` and `" + FigureBlocks.END + "`.\n";
        Files.writeString(md, text);
        assertFalse(FigureBlocks.regenerate(md, reports));
        assertEquals(text, Files.readString(md));
    }

    @Test
    void errorsNameTheFileTheBlockAndTheFigure() throws Exception {
        Path md = readme("{no_such_figure:%}", "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FigureBlocks.regenerate(md, reports));
        assertTrue(e.getMessage().contains(md + ":5: figures 01-attention"), e.getMessage());
        assertTrue(e.getMessage().contains("no figure 'no_such_figure'"), e.getMessage());

        Path other = dir.resolve("other.md");
        Files.writeString(other, "<!-- figures 09-missing: {accuracy:%} -->\nx\n" + FigureBlocks.END + "\n");
        e = assertThrows(IllegalArgumentException.class, () -> FigureBlocks.check(other, reports));
        assertTrue(e.getMessage().contains(other + ":1: figures 09-missing"), e.getMessage());
        assertTrue(e.getMessage().contains("no figures file " + reports.resolve("09-missing.json")), e.getMessage());
        assertTrue(e.getMessage().contains("accuracy"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> render("{one:%±}"));
        assertTrue(e.getMessage().contains("'one_seeds' has 1 seed(s)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> render("{reverse_sequence_accuracy:%±}"));
        assertTrue(e.getMessage().contains("no figure 'reverse_sequence_accuracy_seeds'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> render("{warmup_gain_seeds}"));
        assertTrue(e.getMessage().contains("is a list of seeds; write {warmup_gain:FORMAT±}"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> render("{warmup_gain:pct}"));
        assertTrue(e.getMessage().contains("{warmup_gain:pct}: not {name}"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> render("a } b"));
        assertTrue(e.getMessage().contains("unmatched '}'"), e.getMessage());

        Path unclosed = dir.resolve("unclosed.md");
        Files.writeString(unclosed, "<!-- figures 01-attention: {steps:int} -->\n1,261\n");
        e = assertThrows(IllegalArgumentException.class, () -> FigureBlocks.regenerate(unclosed, reports));
        assertTrue(e.getMessage().contains(unclosed + ":1: figures 01-attention: no " + FigureBlocks.END), e.getMessage());
        assertEquals("<!-- figures 01-attention: {steps:int} -->\n1,261\n", Files.readString(unclosed),
                "a failed regeneration leaves the file as it was");
    }

    @Test
    void repositoryHelpersFindBothReadmes() throws Exception {
        Files.createDirectories(dir.resolve("notebooks"));
        Files.writeString(dir.resolve("notebooks/README.md"),
                "<!-- figures 01-attention: {steps:int} steps -->\n1 step\n" + FigureBlocks.END + "\n");
        readme("{train_seconds:0f} s", "212 s");
        assertEquals(1, FigureBlocks.checkAll(dir).size());
        assertEquals(List.of(dir.resolve("notebooks/README.md")), FigureBlocks.regenerateAll(dir));
        assertEquals(List.of(), FigureBlocks.checkAll(dir));
    }

    @Test
    void anOptionalBlockIsEmptyUntilItsFiguresExistAndThenFilled() throws Exception {
        Path md = dir.resolve("notebooks.md");
        String template = "<!-- figures? course: The whole course took {wall_minutes:1f} minutes. -->\n";
        Files.writeString(md, template + "stale text\n" + FigureBlocks.END + "\n");
        assertEquals(1, FigureBlocks.check(md, reports).size(), "without course.json the block says nothing");
        assertTrue(FigureBlocks.regenerate(md, reports));
        assertEquals(template + FigureBlocks.END + "\n", Files.readString(md));
        assertEquals(List.of(), FigureBlocks.check(md, reports));

        Files.writeString(reports.resolve("course.json"), "{\"wall_minutes\": 21.26, \"notebooks\": []}");
        assertEquals(1, FigureBlocks.check(md, reports).size(), "once published, the empty block is stale");
        FigureBlocks.regenerate(md, reports);
        assertEquals(template + "The whole course took 21.3 minutes.\n" + FigureBlocks.END + "\n", Files.readString(md));

        Files.writeString(reports.resolve("course.json"), "{}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FigureBlocks.regenerate(md, reports));
        assertTrue(e.getMessage().contains("no figure 'wall_minutes'"), "a file without the figure is still an error");
    }
}
