package org.attentionlab.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * What byte-pair encoding learns (Sennrich et al. 2016): the alphabet of characters seen in training
 * and the merges, in the order they were learned. {@link BytePairLearner} makes one,
 * {@link BytePairTokenizer} applies it.
 *
 * <p><b>Symbols.</b> A word (a run of non-white-space characters) starts as one symbol per character;
 * the last symbol carries the end-of-word mark {@value #END_OF_WORD}, so that "er" inside a word and
 * "er" ending one are different symbols and joining symbols back into words is unambiguous. A
 * character outside the alphabet becomes its UTF-8 bytes, one symbol {@code <0xHH>} each (the
 * character fallback: nothing ever becomes {@code <unk>}). The character {@code <} is never in the
 * alphabet and always becomes {@code <0x3C>}; so a {@code <} inside a symbol always starts a byte or
 * the end-of-word mark, and any symbol parses back into bytes without ambiguity, whatever text the
 * merges were learned from. Symbols never contain white space, which keeps the file format trivial.
 *
 * <p><b>File.</b> UTF-8 text: the header {@value #HEADER}, a line {@code [alphabet]}, one character a
 * line, a line {@code [merges]}, and one merge a line, {@code left right} separated by one space, in
 * the order learned (the format of subword-nmt's codes file after the alphabet).
 */
public final class BytePairModel {
    public static final String END_OF_WORD = "</w>";
    static final String HEADER = "# attention-lab byte-pair merges v1";
    private static final String ALPHABET = "[alphabet]";
    private static final String MERGES = "[merges]";

    /** Two adjacent symbols. */
    public record Pair(String left, String right) {
        String joined() {
            return left + right;
        }
    }

    private final List<String> alphabet;
    private final Set<String> known;
    private final List<Pair> merges;
    private final Map<Pair, Integer> ranks;

    /**
     * @param alphabet characters (one code point each) that are symbols of their own
     * @param merges   in the order learned: earlier merges are applied first
     */
    public BytePairModel(Iterable<String> alphabet, List<Pair> merges) {
        TreeSet<String> sorted = new TreeSet<>(BytePairModel::compareCodePoints);
        for (String c : alphabet) {
            if (c.codePointCount(0, c.length()) != 1 || !canBeSymbol(c.codePointAt(0))) {
                throw new IllegalArgumentException("alphabet entry '" + c + "' is not one character that can be a "
                        + "symbol (white space, '<' and lone surrogates cannot)");
            }
            sorted.add(c);
        }
        this.alphabet = List.copyOf(sorted);
        this.known = new HashSet<>(sorted);
        this.merges = List.copyOf(merges);
        this.ranks = new HashMap<>(merges.size() * 2);
        for (int i = 0; i < merges.size(); i++) {
            Pair p = merges.get(i);
            if (p.left().isEmpty() || p.right().isEmpty() || hasWhitespace(p.left()) || hasWhitespace(p.right())) {
                throw new IllegalArgumentException("merge " + (i + 1) + " '" + p + "': symbols must be non-empty "
                        + "and without white space");
            }
            ranks.putIfAbsent(p, i);
        }
    }

    public List<String> alphabet() {
        return alphabet;
    }

    public List<Pair> merges() {
        return merges;
    }

    /** Whether a code point may be a symbol of its own (else it always falls back to bytes). */
    static boolean canBeSymbol(int cp) {
        return cp != '<' && !Character.isWhitespace(cp) && !(cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE);
    }

    static String byteSymbol(int b) {
        return String.format("<0x%02X>", b & 0xFF);
    }

    /**
     * The symbols a word starts as: a character of its own where {@code inAlphabet} accepts it, its
     * UTF-8 bytes otherwise; the mark {@value #END_OF_WORD} appended to the last one.
     */
    static List<String> baseSymbols(String word, Predicate<String> inAlphabet) {
        List<String> out = new ArrayList<>(word.length() + 1);
        for (int i = 0; i < word.length(); ) {
            int cp = word.codePointAt(i);
            String c = word.substring(i, i + Character.charCount(cp));
            if (canBeSymbol(cp) && inAlphabet.test(c)) {
                out.add(c);
            } else {
                for (byte b : c.getBytes(StandardCharsets.UTF_8)) {
                    out.add(byteSymbol(b));
                }
            }
            i += c.length();
        }
        if (!out.isEmpty()) {
            out.set(out.size() - 1, out.get(out.size() - 1) + END_OF_WORD);
        }
        return out;
    }

    /**
     * The subword symbols of one word (no white space, not empty): start from {@link #baseSymbols},
     * then repeatedly merge every occurrence (left to right) of the adjacent pair learned earliest,
     * until no adjacent pair is a merge.
     */
    public List<String> segment(String word) {
        List<String> symbols = baseSymbols(word, known::contains);
        while (symbols.size() > 1) {
            int best = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < symbols.size(); i++) {
                Integer r = ranks.get(new Pair(symbols.get(i), symbols.get(i + 1)));
                if (r != null && r < best) {
                    best = r;
                }
            }
            if (best == Integer.MAX_VALUE) {
                break;
            }
            Pair p = merges.get(best);
            List<String> next = new ArrayList<>(symbols.size());
            for (int i = 0; i < symbols.size(); i++) {
                if (i + 1 < symbols.size() && symbols.get(i).equals(p.left()) && symbols.get(i + 1).equals(p.right())) {
                    next.add(p.joined());
                    i++;
                } else {
                    next.add(symbols.get(i));
                }
            }
            symbols = next;
        }
        return symbols;
    }

    /**
     * Every symbol {@link #segment} can produce: the 256 bytes and the alphabet, each with and
     * without the end-of-word mark, and the result of every merge. A vocabulary holding these never
     * needs {@code <unk>}. Sorted by code point, so the order does not depend on hashing.
     */
    public List<String> inventory() {
        TreeSet<String> all = new TreeSet<>(BytePairModel::compareCodePoints);
        for (int b = 0; b < 256; b++) {
            all.add(byteSymbol(b));
            all.add(byteSymbol(b) + END_OF_WORD);
        }
        for (String c : alphabet) {
            all.add(c);
            all.add(c + END_OF_WORD);
        }
        for (Pair p : merges) {
            all.add(p.joined());
        }
        return new ArrayList<>(all);
    }

    /** Writes the model as UTF-8 text (see the class comment for the format). */
    public void save(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(HEADER + "\n" + ALPHABET + "\n");
            for (String c : alphabet) {
                w.write(c + "\n");
            }
            w.write(MERGES + "\n");
            for (Pair p : merges) {
                w.write(p.left() + " " + p.right() + "\n");
            }
        }
    }

    /** Reads a file written by {@link #save}. */
    public static BytePairModel load(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.size() < 3 || !lines.get(0).equals(HEADER) || !lines.get(1).equals(ALPHABET)) {
            throw new IllegalArgumentException(file + ": not a byte-pair merges file (it must start with the lines '"
                    + HEADER + "' and '" + ALPHABET + "')");
        }
        int m = lines.indexOf(MERGES);
        if (m < 0) {
            throw new IllegalArgumentException(file + ": no line '" + MERGES + "'");
        }
        List<Pair> merges = new ArrayList<>(lines.size() - m - 1);
        for (int i = m + 1; i < lines.size(); i++) {
            String[] parts = lines.get(i).split(" ", -1);
            if (parts.length != 2) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected 'left right', got '"
                        + lines.get(i) + "'");
            }
            merges.add(new Pair(parts[0], parts[1]));
        }
        return new BytePairModel(lines.subList(2, m), merges);
    }

    /** Orders strings by code point, as Python compares str (String.compareTo orders UTF-16 units). */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    private static boolean hasWhitespace(String s) {
        return s.codePoints().anyMatch(Character::isWhitespace);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BytePairModel m && m.alphabet.equals(alphabet) && m.merges.equals(merges);
    }

    @Override
    public int hashCode() {
        return alphabet.hashCode() * 31 + merges.hashCode();
    }

    @Override
    public String toString() {
        return "BytePairModel(" + alphabet.size() + " characters, " + merges.size() + " merges)";
    }
}
