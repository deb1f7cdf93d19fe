package org.attentionlab.kernel.wire;

import java.util.Locale;

/**
 * How many characters of stdout and stderr one cell may send (see {@link StreamBuffer}): the system
 * property {@value #PROPERTY} if set (a cell may set it: {@code System.setProperty(...)}), else the
 * environment variable {@value #ENV}, else {@value #DEFAULT} characters. Values are a number with an
 * optional {@code k} or {@code M} (thousands, millions); 0 means no limit.
 *
 * <p>The default keeps a runaway loop from sending the browser hundreds of megabytes, while a few
 * MB still arrive whole (the classic notebook server's own rate limit, 1 MB/s, may still pause them).
 */
public final class OutputLimit {
    public static final String PROPERTY = "attentionlab.outputLimit";
    public static final String ENV = "ATTENTION_LAB_OUTPUT_LIMIT";
    public static final long DEFAULT = 4_000_000;
    private static volatile String warnedAbout;

    private OutputLimit() {
    }

    /** The limit now; a value that does not parse is reported once in the kernel's log and the default used. */
    public static long current() {
        String v = System.getProperty(PROPERTY);
        String from = "-D" + PROPERTY;
        if (v == null || v.isBlank()) {
            v = System.getenv(ENV);
            from = ENV;
        }
        if (v == null || v.isBlank()) {
            return DEFAULT;
        }
        try {
            return parse(v);
        } catch (IllegalArgumentException e) {
            if (!v.equals(warnedAbout)) {
                warnedAbout = v;
                WireLog.warn(from + ": " + e.getMessage() + "; using " + DEFAULT);
            }
            return DEFAULT;
        }
    }

    /** "4000000", "500k", "20M", "0" (no limit). */
    public static long parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT).replace("_", "");
        long scale = 1;
        if (v.endsWith("k")) {
            scale = 1_000;
            v = v.substring(0, v.length() - 1);
        } else if (v.endsWith("m")) {
            scale = 1_000_000;
            v = v.substring(0, v.length() - 1);
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(n, scale);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("output limit must be a count of characters such as 4000000, 500k or"
                    + " 20M (0 for none), got '" + value + "'");
        }
    }
}
