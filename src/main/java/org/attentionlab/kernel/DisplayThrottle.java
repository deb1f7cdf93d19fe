package org.attentionlab.kernel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rate-limits updates of one display: a training loop may call {@code updateDisplay} every step,
 * but the notebook needs a few frames a second, and each frame of a chart costs a PNG encoding.
 *
 * <p>An update inside the interval is kept as pending (only the newest one per display); the next
 * update after the interval, or {@link #drainPending()} at the cell's end, publishes it, so the
 * final state is always shown.
 */
final class DisplayThrottle {
    /** One update to publish: which display, and what to render into it. */
    record Update(String id, Object value, String[] mimes) {
    }

    private final long intervalNanos;
    private final Map<String, Long> lastPublished = new LinkedHashMap<>();
    private final Map<String, Update> pending = new LinkedHashMap<>();

    DisplayThrottle(long intervalMillis) {
        if (intervalMillis < 0) {
            throw new IllegalArgumentException("update interval must be >= 0 ms, got " + intervalMillis);
        }
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    long intervalMillis() {
        return intervalNanos / 1_000_000L;
    }

    /**
     * Offers an update at time {@code now} (nanoseconds, any origin); returns it if it should be
     * published now, else keeps it as the display's pending update and returns null.
     */
    synchronized Update offer(Update u, long now) {
        Long last = lastPublished.get(u.id());
        if (last == null || now - last >= intervalNanos) {
            lastPublished.put(u.id(), now);
            pending.remove(u.id());
            return u;
        }
        pending.put(u.id(), u);
        return null;
    }

    /** Notes that display {@code id} was just shown (e.g. created), starting its interval. */
    synchronized void shown(String id, long now) {
        lastPublished.put(id, now);
    }

    /** The newest held-back update of every display, oldest display first; forgets them. */
    synchronized java.util.List<Update> drainPending() {
        java.util.List<Update> out = new java.util.ArrayList<>(pending.values());
        pending.clear();
        return out;
    }
}
