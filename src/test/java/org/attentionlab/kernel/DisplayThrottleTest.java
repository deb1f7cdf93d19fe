package org.attentionlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class DisplayThrottleTest {
    private static final long MS = 1_000_000L;

    private static DisplayThrottle.Update u(String id, Object v) {
        return new DisplayThrottle.Update(id, v, new String[0]);
    }

    @Test
    void updatesInsideTheIntervalAreHeldAndOnlyTheNewestIsKept() {
        DisplayThrottle t = new DisplayThrottle(100);
        t.shown("loss", 0);
        assertNull(t.offer(u("loss", 1), 10 * MS));
        assertNull(t.offer(u("loss", 2), 50 * MS));
        assertNotNull(t.offer(u("loss", 3), 120 * MS));
        assertNull(t.offer(u("loss", 4), 130 * MS));
        List<DisplayThrottle.Update> pending = t.drainPending();
        assertEquals(1, pending.size());
        assertEquals(4, pending.get(0).value());
        assertEquals(List.of(), t.drainPending());
    }

    @Test
    void displaysAreThrottledSeparately() {
        DisplayThrottle t = new DisplayThrottle(100);
        assertNotNull(t.offer(u("a", 1), 0));
        assertNotNull(t.offer(u("b", 1), 1 * MS));
        assertNull(t.offer(u("a", 2), 2 * MS));
    }

    @Test
    void aThousandStepsGiveAFewFrames() {
        DisplayThrottle t = new DisplayThrottle(250);
        int shown = 0;
        for (int step = 0; step < 1000; step++) {
            if (t.offer(u("loss", step), step * MS) != null) { // one step a millisecond
                shown++;
            }
        }
        assertEquals(4, shown);
        assertEquals(999, t.drainPending().get(0).value());
    }

    @Test
    void negativeIntervalIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DisplayThrottle(-1));
        assertEquals("update interval must be >= 0 ms, got -1", e.getMessage());
    }
}
