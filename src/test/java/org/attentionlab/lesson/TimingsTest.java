package org.attentionlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TimingsTest {
    private static Timings timings() {
        Timings t = new Timings("test", new int[] {8, 16, 32}, Stopwatch.forThisThread(), 1);
        for (int n : t.lengths()) {
            t.record("linear", n, 3.0 * n);
            t.record("quadratic", n, 0.5 * n * n);
        }
        return t;
    }

    @Test
    void exponentsOfPowerLaws() {
        Timings t = timings();
        assertEquals(List.of("linear", "quadratic"), t.computations());
        assertEquals(1, t.exponent("linear"), 1e-12);
        assertEquals(2, t.exponent("quadratic"), 1e-12);
        assertEquals(48, t.at("linear", 16), 1e-12);
        assertEquals(128.0 / 48, t.ratio("quadratic", "linear", 16), 1e-12);
        assertEquals(32, t.longest());
        assertFalse(t.disturbed());
    }

    @Test
    void aTimeThatFallsWithLengthIsDisturbance() {
        Timings t = timings();
        t.record("noisy", 8, 10);
        t.record("noisy", 16, 7);
        t.record("noisy", 32, 20);
        assertTrue(t.disturbed());
    }

    @Test
    void tableAndChartShowEveryComputation() {
        Timings t = timings();
        ResultTable table = t.table("linear");
        assertEquals(2, table.rowCount());
        assertEquals("5.33", table.get(1, "multiple of linear at n = 32")); // 512 / 96
        assertEquals(Unit.NUMBER.format(2), table.get(1, "growth exponent p"));
        assertEquals(2, t.chart().getSeriesMap().size());
        assertTrue(t.chart().getSeriesMap().containsKey("quadratic (n^" + Unit.NUMBER.format(t.exponent("quadratic")) + ")"));
    }

    @Test
    void timesWithTheStopwatch() {
        AtomicLong now = new AtomicLong();
        Timings t = new Timings("test", new int[] {1, 2}, new Stopwatch(false, now::get), 1);
        t.time("sleepless", 2, () -> now.addAndGet(3_000_000));
        assertEquals(3, t.at("sleepless", 2), 1e-12);
        assertEquals(Double.NaN, t.at("sleepless", 1));
    }

    @Test
    void refusesUnknownLengthsAndComputations() {
        Timings t = timings();
        assertThrows(IllegalArgumentException.class, () -> t.record("linear", 12, 1));
        assertThrows(IllegalArgumentException.class, () -> t.exponent("cubic"));
        assertThrows(IllegalArgumentException.class, () -> new Timings("x", new int[] {8, 8}, Stopwatch.forThisThread(), 1));
    }
}
