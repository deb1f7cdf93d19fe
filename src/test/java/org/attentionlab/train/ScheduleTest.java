package org.attentionlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScheduleTest {
    @Test
    void noamPeaksAtWarmupWithClosedFormValue() {
        NoamSchedule s = new NoamSchedule(512, 4000, 1.0);
        double peak = 1 / Math.sqrt(512.0 * 4000);
        assertEquals(peak, s.rate(4000), 1e-18);
        assertEquals(peak, s.peakRate(), 1e-18);
        assertEquals(6.9877e-4, peak, 1e-8);
        for (long step : new long[] {1, 100, 3999, 4001, 10_000, 1_000_000}) {
            assertTrue(s.rate(step) < peak, "step " + step);
        }
    }

    @Test
    void noamRisesLinearlyThenDecaysAsInverseSquareRoot() {
        NoamSchedule s = new NoamSchedule(64, 100, 2.0);
        assertEquals(2 * s.rate(10), s.rate(20), 1e-15);
        assertEquals(2.0 / 8 * 10 * Math.pow(100, -1.5), s.rate(10), 1e-15);
        assertEquals(s.rate(400) / 2, s.rate(1600), 1e-15);
        assertEquals(2.0 / 8 / Math.sqrt(400), s.rate(400), 1e-15);
    }

    @Test
    void constantScheduleIgnoresStep() {
        ConstantSchedule c = new ConstantSchedule(3e-4);
        assertEquals(3e-4, c.rate(1));
        assertEquals(3e-4, c.rate(1_000_000));
    }

    @Test
    void rejectsBadArgumentsNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NoamSchedule(0, 10, 1));
        assertTrue(e.getMessage().contains("dModel") && e.getMessage().contains("0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new NoamSchedule(8, -5, 1));
        assertTrue(e.getMessage().contains("warmup") && e.getMessage().contains("-5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new NoamSchedule(8, 5, 0));
        assertTrue(e.getMessage().contains("factor"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new NoamSchedule(8, 5, 1).rate(0));
        assertTrue(e.getMessage().contains("step") && e.getMessage().contains("0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ConstantSchedule(-1));
        assertTrue(e.getMessage().contains("rate") && e.getMessage().contains("-1"), e.getMessage());
    }
}
