package org.attentionlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StopwatchTest {
    /** A clock that advances by the given milliseconds at each run of the task. */
    private static Stopwatch fake(AtomicLong now) {
        return new Stopwatch(true, now::get);
    }

    @Test
    void returnsTheFastestRunAfterAWarmUp() {
        AtomicLong now = new AtomicLong();
        double[] ms = {1000, 50, 30, 40}; // the warm-up (1000 ms) is not counted
        AtomicInteger run = new AtomicInteger();
        double best = fake(now).fastestMillis(() -> now.addAndGet((long) (ms[Math.min(run.getAndIncrement(), 3)] * 1e6)), 2);
        assertEquals(30, best, 1e-9);
    }

    @Test
    void addsRunsUpToSevenWhileTheyAreCheap() {
        AtomicLong now = new AtomicLong();
        AtomicInteger runs = new AtomicInteger();
        fake(now).fastestMillis(() -> { runs.incrementAndGet(); now.addAndGet(1_000_000); }, 2);
        assertEquals(1 + Stopwatch.MAX_RUNS, runs.get(), "warm-up and seven timed runs");
    }

    @Test
    void stopsAtTheMinimumWhenRunsAreSlow() {
        AtomicLong now = new AtomicLong();
        AtomicInteger runs = new AtomicInteger();
        fake(now).fastestMillis(() -> { runs.incrementAndGet(); now.addAndGet(2_000_000_000L); }, 2);
        assertEquals(1 + 2, runs.get(), "warm-up and the two runs asked for");
    }

    @Test
    void theClockIsCpuTimeOnlyWithOneThread() {
        assertTrue(Stopwatch.oneThread(null));
        assertTrue(Stopwatch.oneThread("1"));
        assertFalse(Stopwatch.oneThread("4"));
        Stopwatch w = Stopwatch.forThisThread();
        assertTrue(w.fastestMillis(() -> Math.sqrt(2), 1) >= 0);
        assertFalse(w.clock().isBlank());
    }

    @Test
    void refusesAMinimumOutsideOneToSeven() {
        assertThrows(IllegalArgumentException.class, () -> fake(new AtomicLong()).fastestMillis(() -> { }, 0));
    }
}
