package org.attentionlab.kernel;

import java.util.UUID;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * What a notebook cell calls (statically imported in every notebook): {@code display},
 * {@code updateDisplay}, {@code render}, and the quick setting.
 *
 * <p>{@code display(x)} shows {@code x} now and returns an id; {@code updateDisplay(id, y)} redraws
 * that same output in place, so a training cell shows one live loss chart and one progress line
 * instead of a thousand printed lines. Updates are rate-limited (see {@link DisplayThrottle}); the
 * newest one is always shown by the end of the cell.
 *
 * <p>Works in any JJava-style kernel that has our jar, since it goes through
 * {@link BaseKernel#notebookKernel()}.
 */
public final class Notebook {
    /** Environment variable that shrinks experiments so CI can run every notebook. */
    public static final String QUICK_ENV = "ATTENTION_LAB_QUICK";

    private static volatile DisplayThrottle throttle = new DisplayThrottle(250);

    private Notebook() {
    }

    /** Renders {@code value} with the kernel's renderers (the richest types it supports). */
    public static DisplayData render(Object value) {
        return BaseKernel.notebookKernel().getRenderer().render(value);
    }

    /** Renders {@code value} as the given MIME types only, e.g. {@code render(chart, "image/png")}. */
    public static DisplayData render(Object value, String... mimes) {
        return BaseKernel.notebookKernel().getRenderer().renderAs(value, mimes);
    }

    /** Shows {@code value} below the cell now; returns the display id to update it with. */
    public static String display(Object value) {
        return display(value, new String[0]);
    }

    /** Shows {@code value} as the given MIME types; returns the display id. */
    public static String display(Object value, String... mimes) {
        DisplayData data = mimes.length == 0 ? render(value) : render(value, mimes);
        String id = data.hasDisplayId() ? data.getDisplayId() : UUID.randomUUID().toString();
        data.setDisplayId(id);
        BaseKernel.notebookKernel().display(data);
        throttle.shown(id, System.nanoTime());
        return id;
    }

    /**
     * Redraws display {@code id} with {@code value}; calls closer together than the update interval
     * are coalesced, and the newest is shown at the latest when the cell ends.
     */
    public static void updateDisplay(String id, Object value) {
        updateDisplay(id, value, new String[0]);
    }

    /** As {@link #updateDisplay(String, Object)}, as the given MIME types. */
    public static void updateDisplay(String id, Object value, String... mimes) {
        if (id == null) {
            throw new IllegalArgumentException("updateDisplay needs the id that display(...) returned, got null");
        }
        DisplayThrottle.Update u = throttle.offer(new DisplayThrottle.Update(id, value, mimes), System.nanoTime());
        if (u != null) {
            publish(u);
        }
    }

    /** Sets the shortest time between two shown updates of one display (default 250 ms). */
    public static void updateInterval(long millis) {
        throttle = new DisplayThrottle(millis);
    }

    /** Shows every update still held back by the rate limit; the kernel calls it when a cell ends. */
    public static void flushUpdates() {
        for (DisplayThrottle.Update u : throttle.drainPending()) {
            publish(u);
        }
    }

    private static void publish(DisplayThrottle.Update u) {
        DisplayData data = u.mimes().length == 0 ? render(u.value()) : render(u.value(), u.mimes());
        BaseKernel.notebookKernel().getIO().display.updateDisplay(u.id(), data);
    }

    /** True when {@code ATTENTION_LAB_QUICK} is set to 1/true/yes: run a shrunken experiment. */
    public static boolean quick() {
        return quick(System.getenv());
    }

    /** {@link #quick()} read from {@code env} (a command checks a given environment, and tests pass their own). */
    public static boolean quick(java.util.Map<String, String> env) {
        String v = env.get(QUICK_ENV);
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes"));
    }

    /** {@code quickValue} in the quick setting, else {@code fullValue}: {@code int steps = quick(20, 3000);} */
    public static int quick(int quickValue, int fullValue) {
        return quick() ? quickValue : fullValue;
    }

    public static long quick(long quickValue, long fullValue) {
        return quick() ? quickValue : fullValue;
    }

    public static double quick(double quickValue, double fullValue) {
        return quick() ? quickValue : fullValue;
    }
}
