package org.attentionlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.attentionlab.data.Batch;
import org.junit.jupiter.api.Test;

/** The benchmark's definitions and error handling; nothing here times anything. */
class BenchCommandTest {
    private static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {String.valueOf(code), out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void modelFlopsMatchThePyTorchScriptsFormula() {
        // model_flops_forward(32, 32, 32, 128, 512, 4, 2, 2, 1000) in bench/pytorch_reference.py
        assertEquals(2_241_855_488.0, BenchCommand.modelFlopsForward(32, 32, 32, 128, 512, 2, 2, 1000), 0.5);
    }

    @Test
    void referenceBatchPadsTheLastFourSourcePositions() {
        Batch b = BenchCommand.referenceBatch(3, 8, new SplittableRandom(1));
        assertEquals(3 * 4, b.sourceTokens());
        assertEquals(3 * 8, b.targetTokens());
        for (int[] row : b.src()) {
            assertEquals(0, row[7]);
            assertTrue(row[3] >= 3);
        }
    }

    @Test
    void tooShortLengthIsAUsageError() {
        String[] r = run("bench", "--length", "4");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("--length"), r[2]);
    }

    @Test
    void unknownOptionIsAUsageError() {
        String[] r = run("bench", "--layers", "3");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("unknown option --layers"), r[2]);
    }
}
