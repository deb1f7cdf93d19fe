package org.attentionlab.data;

import java.math.BigInteger;
import java.time.LocalDate;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Small algorithmic tasks generated from a seed, for checking that a model can learn at all before
 * spending time on real data. Every task is character level: source and target are strings whose
 * characters are the tokens.
 *
 * <p>{@link #generate} draws examples until it has {@code n} with distinct sources, so that no test
 * source is also a training source and a held-out score measures generalisation. The same
 * arguments give the same list on every run ({@link SplittableRandom} is specified exactly).
 */
public enum SyntheticTask {
    /** "k3b9" -> "k3b9". */
    COPY("copy") {
        @Override
        Example draw(SplittableRandom r, int minLength, int maxLength) {
            String s = randomString(r, minLength, maxLength);
            return new Example(s, s);
        }
    },
    /** "k3b9" -> "9b3k". */
    REVERSE("reverse") {
        @Override
        Example draw(SplittableRandom r, int minLength, int maxLength) {
            String s = randomString(r, minLength, maxLength);
            return new Example(s, new StringBuilder(s).reverse().toString());
        }
    },
    /** "k3b9" -> "39bk" (code-point order: digits before letters). */
    SORT("sort") {
        @Override
        Example draw(SplittableRandom r, int minLength, int maxLength) {
            String s = randomString(r, minLength, maxLength);
            char[] c = s.toCharArray();
            Arrays.sort(c);
            return new Example(s, new String(c));
        }
    },
    /**
     * "123+45" -> "168". The source length (digits of both numbers and the plus) is drawn from the
     * range, which must allow at least 3; each number has no leading zero.
     */
    ADDITION("addition") {
        @Override
        Example draw(SplittableRandom r, int minLength, int maxLength) {
            int length = r.nextInt(Math.max(3, minLength), maxLength + 1);
            int a = r.nextInt(1, length - 1); // digits of the first number: 1 .. length-2
            int b = length - 1 - a;
            BigInteger x = randomNumber(r, a);
            BigInteger y = randomNumber(r, b);
            return new Example(x + "+" + y, x.add(y).toString());
        }

        @Override
        void checkLengths(int minLength, int maxLength) {
            super.checkLengths(minLength, maxLength);
            if (maxLength < 3) {
                throw new IllegalArgumentException("addition needs maxLength >= 3 (as in \"1+2\"), got " + maxLength);
            }
        }

        @Override
        public List<String> sourceAlphabet() {
            return chars("+0123456789");
        }

        @Override
        public List<String> targetAlphabet() {
            return chars("0123456789");
        }
    },
    /**
     * "2024-03-07" -> "7 March 2024", dates from 1900-01-01 to 2099-12-31. The source is always 10
     * characters and the target 10 to 17, so the length range does not apply.
     */
    DATES("dates") {
        @Override
        Example draw(SplittableRandom r, int minLength, int maxLength) {
            LocalDate date = LocalDate.ofEpochDay(r.nextLong(FIRST_DAY, LAST_DAY + 1));
            String month = date.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            return new Example(date.toString(), date.getDayOfMonth() + " " + month + " " + date.getYear());
        }

        @Override
        void checkLengths(int minLength, int maxLength) {
            // the date format fixes the lengths
        }

        @Override
        public List<String> sourceAlphabet() {
            return chars("-0123456789");
        }

        @Override
        public List<String> targetAlphabet() {
            StringBuilder sb = new StringBuilder(" 0123456789");
            for (Month m : Month.values()) {
                sb.append(m.getDisplayName(TextStyle.FULL, Locale.ENGLISH));
            }
            return chars(sb.toString());
        }
    };

    /** The symbols of copy, reverse and sort: digits and lower-case ASCII letters. */
    public static final String SYMBOLS = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static final long FIRST_DAY = LocalDate.of(1900, 1, 1).toEpochDay();
    private static final long LAST_DAY = LocalDate.of(2099, 12, 31).toEpochDay();

    private final String taskName;

    SyntheticTask(String taskName) {
        this.taskName = taskName;
    }

    /** The name on the command line: copy, reverse, sort, addition, dates. */
    public String taskName() {
        return taskName;
    }

    /** The task called {@code name}, or null. */
    public static SyntheticTask byName(String name) {
        for (SyntheticTask t : values()) {
            if (t.taskName.equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** Every character a source can contain, sorted: the source vocabulary needs no UNK. */
    public List<String> sourceAlphabet() {
        return chars(SYMBOLS);
    }

    /** Every character a target can contain, sorted. */
    public List<String> targetAlphabet() {
        return chars(SYMBOLS);
    }

    /**
     * {@code n} examples with distinct sources whose lengths lie in [minLength, maxLength] (for
     * addition the source length; dates ignore the range).
     *
     * @throws IllegalArgumentException if the range is empty or holds fewer than {@code n} distinct
     *                                  sources that the generator could find
     */
    public List<Example> generate(int n, int minLength, int maxLength, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("number of examples must be >= 0, got " + n);
        }
        checkLengths(minLength, maxLength);
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, Example> bySource = new LinkedHashMap<>();
        long attempts = 0;
        long maxAttempts = 50L * n + 1000;
        while (bySource.size() < n && attempts++ < maxAttempts) {
            Example e = draw(r, minLength, maxLength);
            bySource.putIfAbsent(e.source(), e);
        }
        if (bySource.size() < n) {
            throw new IllegalArgumentException(taskName + ": found only " + bySource.size() + " distinct examples with lengths "
                    + minLength + "-" + maxLength + " in " + maxAttempts + " draws, fewer than the " + n
                    + " asked for; widen the length range or ask for fewer examples");
        }
        return new ArrayList<>(bySource.values());
    }

    abstract Example draw(SplittableRandom r, int minLength, int maxLength);

    void checkLengths(int minLength, int maxLength) {
        if (minLength < 1 || maxLength < minLength) {
            throw new IllegalArgumentException(taskName + " needs 1 <= minLength <= maxLength, got minLength="
                    + minLength + " maxLength=" + maxLength);
        }
    }

    static String randomString(SplittableRandom r, int minLength, int maxLength) {
        int length = r.nextInt(minLength, maxLength + 1);
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(SYMBOLS.charAt(r.nextInt(SYMBOLS.length())));
        }
        return sb.toString();
    }

    /** A uniformly random number with exactly {@code digits} digits (0-9 when digits = 1). */
    static BigInteger randomNumber(SplittableRandom r, int digits) {
        StringBuilder sb = new StringBuilder(digits);
        sb.append(digits == 1 ? r.nextInt(10) : 1 + r.nextInt(9));
        for (int i = 1; i < digits; i++) {
            sb.append(r.nextInt(10));
        }
        return new BigInteger(sb.toString());
    }

    static List<String> chars(String s) {
        TreeSet<String> set = new TreeSet<>(Tokenizer.chars().tokenize(s));
        return new ArrayList<>(set);
    }
}
