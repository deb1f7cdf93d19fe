package org.attentionlab.speech;

/**
 * Numbers written out in English words, American style without "and":
 * {@code 342 -> "three hundred forty two"}, {@code 7015 -> "seven thousand fifteen"}.
 *
 * <p>Why numbers: a small closed vocabulary (about 30 words) whose combinations give thousands of
 * distinct utterances, so a test number never heard whole is still made of heard parts, and its
 * spelling follows from its sound (unlike English words at large). Hyphens are left out
 * ("forty two", not "forty-two") so the transcripts' alphabet is the 26 letters and the space.
 */
public final class NumberWords {
    /** The largest number spelled. */
    public static final int MAX = 999_999;

    private static final String[] UNITS = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
            "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
            "nineteen"};
    private static final String[] TENS = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
            "ninety"};

    private NumberWords() {
    }

    /** {@code n} in words, 0 to {@value #MAX}. */
    public static String spell(int n) {
        if (n < 0 || n > MAX) {
            throw new IllegalArgumentException("numbers are spelled from 0 to " + MAX + ", got " + n);
        }
        if (n == 0) {
            return UNITS[0];
        }
        StringBuilder b = new StringBuilder();
        if (n >= 1000) {
            below1000(n / 1000, b);
            b.append(" thousand");
            n %= 1000;
        }
        if (n > 0) {
            below1000(n, b);
        }
        return b.toString();
    }

    private static void below1000(int n, StringBuilder b) {
        if (n >= 100) {
            word(UNITS[n / 100], b);
            b.append(" hundred");
            n %= 100;
        }
        if (n >= 20) {
            word(TENS[n / 10], b);
            n %= 10;
        }
        if (n > 0) {
            word(UNITS[n], b);
        }
    }

    private static void word(String w, StringBuilder b) {
        if (!b.isEmpty()) {
            b.append(' ');
        }
        b.append(w);
    }
}
