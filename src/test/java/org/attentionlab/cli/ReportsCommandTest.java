package org.attentionlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.attentionlab.notebooks.FigureBlocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reports}' modes that run no notebook: the publish refusal and the figure blocks. */
class ReportsCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) throws Exception {
        return new ReportsCommand(env).run(Options.parse(args), new PrintStream(out, true), new PrintStream(err, true));
    }

    private Path repo() throws Exception {
        Files.createDirectories(dir.resolve("notebooks"));
        Files.createDirectories(dir.resolve("docs/reports"));
        Files.writeString(dir.resolve("docs/reports/01-attention.json"), "{\"reverse_sequence_accuracy\": 0.991}");
        Files.writeString(dir.resolve("README.md"), "Intro.\n\n<!-- figures 01-attention: Reverse: "
                + "{reverse_sequence_accuracy:%}. -->\nReverse: 68.8 %.\n" + FigureBlocks.END + "\n");
        return dir.resolve("notebooks");
    }

    @Test
    void publishIsRefusedInTheQuickSettingWithOneLine() throws Exception {
        Path notebooks = repo();
        for (String quick : new String[] {"1", "true", "YES"}) {
            out.reset();
            err.reset();
            assertEquals(2, run(Map.of("ATTENTION_LAB_QUICK", quick), "--publish", "--notebooks", notebooks.toString()));
            String message = err.toString();
            assertEquals(1, message.lines().count(), message);
            assertTrue(message.contains("--publish writes the full setting only; unset ATTENTION_LAB_QUICK (it is '"
                    + quick + "')"), message);
            assertEquals("", out.toString(), "nothing ran");
        }
        assertFalse(Files.exists(dir.resolve("docs/reports/01-attention.html")));
        assertTrue(Files.readString(dir.resolve("README.md")).contains("68.8 %"), "the README is untouched");
    }

    @Test
    void checkFiguresFindsTheStaleBlockAndFiguresOnlyRewritesIt() throws Exception {
        Path notebooks = repo();
        Map<String, String> quick = Map.of("ATTENTION_LAB_QUICK", "1");
        assertEquals(1, run(quick, "--check-figures", "--notebooks", notebooks.toString()));
        assertTrue(err.toString().contains(dir.resolve("README.md") + ":3: figures 01-attention is stale"), err.toString());
        assertEquals(0, run(quick, "--figures-only", "--notebooks", notebooks.toString()));
        assertTrue(Files.readString(dir.resolve("README.md")).contains("-->\nReverse: 99.1 %.\n"));
        assertEquals(0, run(quick, "--check-figures", "--notebooks", notebooks.toString()));
        assertTrue(out.toString().contains("every figure block matches docs/reports"), out.toString());
    }

    @Test
    void aMissingFigureIsOneLineAndExitOne() throws Exception {
        Path notebooks = repo();
        Files.writeString(dir.resolve("docs/reports/01-attention.json"), "{}");
        assertEquals(1, run(Map.of(), "--figures-only", "--notebooks", notebooks.toString()));
        assertTrue(err.toString().contains("no figure 'reverse_sequence_accuracy'"), err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
    }

    @Test
    void modesExcludeEachOther() throws Exception {
        Path notebooks = repo();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int rc = Main.run(new String[] {"reports", "--figures-only", "--publish", "--notebooks", notebooks.toString()},
                new PrintStream(new ByteArrayOutputStream(), true), new PrintStream(e, true));
        assertEquals(2, rc);
        assertTrue(e.toString().contains("--publish, --figures-only and --check-figures exclude each other"), e.toString());
    }
}
