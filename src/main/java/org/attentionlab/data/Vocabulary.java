package org.attentionlab.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A bijection between tokens and integer ids, with four special tokens at fixed ids.
 *
 * <p>The ids of the specials never change, whatever the data, so that a model, a loss and a
 * decoder can rely on them without looking them up:
 * <ul>
 *   <li>{@link #PAD} = 0 {@code <pad>}: fills a batch out to its longest sequence; masked out of
 *       attention (key padding mask 0) and out of the loss;</li>
 *   <li>{@link #BOS} = 1 {@code <bos>}: the first decoder input, "begin of sequence";</li>
 *   <li>{@link #END} = 2 {@code <end>}: the last decoder target; decoding stops when it is produced;</li>
 *   <li>{@link #UNK} = 3 {@code <unk>}: stands for any token not in the vocabulary.</li>
 * </ul>
 * Ordinary tokens follow from id 4, most frequent first (ties in code-point order of the token),
 * so the same training text always gives the same ids.
 *
 * <p>Saved as UTF-8 text, one token a line, the line after the header being id 0; backslash,
 * newline, carriage return and tab inside a token are written {@code \\ \n \r \t}. The file is small
 * and diff-able, so it can sit beside a checkpoint.
 */
public final class Vocabulary {
    public static final int PAD = 0;
    public static final int BOS = 1;
    public static final int END = 2;
    public static final int UNK = 3;
    /** The special tokens, index = id. */
    public static final List<String> SPECIALS = List.of("<pad>", "<bos>", "<end>", "<unk>");

    static final String HEADER = "# attention-lab vocabulary v1";

    private final List<String> tokens;
    private final Map<String, Integer> ids;

    private Vocabulary(List<String> tokens) {
        this.tokens = Collections.unmodifiableList(new ArrayList<>(tokens));
        this.ids = new HashMap<>(tokens.size() * 2);
        for (int i = 0; i < tokens.size(); i++) {
            if (ids.put(tokens.get(i), i) != null) {
                throw new IllegalArgumentException("vocabulary token '" + tokens.get(i) + "' appears twice (id "
                        + ids.get(tokens.get(i)) + ")");
            }
        }
    }

    /**
     * The specials followed by {@code ordinary} in the given order. Useful when the alphabet is known
     * beforehand (synthetic tasks), so that no token is ever unknown.
     */
    public static Vocabulary of(Collection<String> ordinary) {
        List<String> all = new ArrayList<>(SPECIALS);
        for (String t : ordinary) {
            if (SPECIALS.contains(t)) {
                throw new IllegalArgumentException("token '" + t + "' is reserved for a special id");
            }
            all.add(t);
        }
        return new Vocabulary(all);
    }

    /**
     * Builds a vocabulary from tokenised training sequences.
     *
     * @param minFrequency a token seen fewer times than this becomes {@code <unk>} (1 keeps all)
     * @param maxSize      the most entries, specials included; 0 for no limit. The least frequent
     *                     tokens are dropped first.
     */
    public static Vocabulary build(Iterable<? extends List<String>> sequences, int minFrequency, int maxSize) {
        if (minFrequency < 1) {
            throw new IllegalArgumentException("minFrequency must be at least 1, got " + minFrequency);
        }
        if (maxSize != 0 && maxSize < SPECIALS.size()) {
            throw new IllegalArgumentException("maxSize must be 0 (no limit) or at least " + SPECIALS.size()
                    + " (the specials), got " + maxSize);
        }
        Map<String, Integer> counts = new HashMap<>();
        for (List<String> seq : sequences) {
            for (String t : seq) {
                counts.merge(t, 1, Integer::sum);
            }
        }
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.removeIf(e -> e.getValue() < minFrequency || SPECIALS.contains(e.getKey()));
        entries.sort((a, b) -> a.getValue().equals(b.getValue())
                ? a.getKey().compareTo(b.getKey()) : Integer.compare(b.getValue(), a.getValue()));
        int keep = maxSize == 0 ? entries.size() : Math.min(entries.size(), maxSize - SPECIALS.size());
        List<String> ordinary = new ArrayList<>(keep);
        for (int i = 0; i < keep; i++) {
            ordinary.add(entries.get(i).getKey());
        }
        return of(ordinary);
    }

    /**
     * A vocabulary of every token of {@code inventory} (a subword tokenizer's symbols), so that
     * nothing tokenised by it is ever {@code <unk>}: the tokens of {@code sequences} first, most
     * frequent first (ties in code-point order, as {@link #build}), then the rest of the inventory in
     * its given order (a symbol that training never produced, such as a byte, keeps an id anyway).
     */
    public static Vocabulary covering(Iterable<? extends List<String>> sequences, Collection<String> inventory) {
        List<String> seen = build(sequences, 1, 0).tokens();
        List<String> ordinary = new ArrayList<>(seen.subList(SPECIALS.size(), seen.size()));
        java.util.Set<String> have = new java.util.HashSet<>(ordinary);
        for (String t : inventory) {
            if (have.add(t)) {
                ordinary.add(t);
            }
        }
        return of(ordinary);
    }

    public int size() {
        return tokens.size();
    }

    /** All tokens, index = id, specials first. */
    public List<String> tokens() {
        return tokens;
    }

    public boolean contains(String token) {
        return ids.containsKey(token);
    }

    /** The id of a token, {@link #UNK} if it is not in the vocabulary. */
    public int id(String token) {
        Integer id = ids.get(token);
        return id == null ? UNK : id;
    }

    public String token(int id) {
        if (id < 0 || id >= tokens.size()) {
            throw new IllegalArgumentException("token id must be in [0, " + tokens.size() + "), got " + id);
        }
        return tokens.get(id);
    }

    /** Ids of the tokens, without BOS or END (the batcher adds those). */
    public int[] encode(List<String> sequence) {
        int[] out = new int[sequence.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = id(sequence.get(i));
        }
        return out;
    }

    /**
     * Tokens of the ids up to the first {@link #END}, skipping {@link #PAD} and {@link #BOS}; an
     * {@link #UNK} is kept as {@code <unk>} so that errors stay visible.
     */
    public List<String> decode(int[] ids) {
        List<String> out = new ArrayList<>(ids.length);
        for (int id : ids) {
            if (id == END) {
                break;
            }
            if (id != PAD && id != BOS) {
                out.add(token(id));
            }
        }
        return out;
    }

    /** Writes the vocabulary as UTF-8 text (see the class comment for the format). */
    public void save(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            w.write('\n');
            for (String t : tokens) {
                w.write(escape(t));
                w.write('\n');
            }
        }
    }

    /** Reads a file written by {@link #save}; checks the header and the special tokens. */
    public static Vocabulary load(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IllegalArgumentException(file + ": not a vocabulary file (first line must be '" + HEADER + "')");
        }
        List<String> toks = new ArrayList<>(lines.size() - 1);
        for (int i = 1; i < lines.size(); i++) {
            toks.add(unescape(lines.get(i), file, i + 1));
        }
        if (toks.size() < SPECIALS.size() || !toks.subList(0, SPECIALS.size()).equals(SPECIALS)) {
            throw new IllegalArgumentException(file + ": the first tokens must be the specials " + SPECIALS);
        }
        return new Vocabulary(toks);
    }

    private static String escape(String t) {
        StringBuilder sb = new StringBuilder(t.length());
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String unescape(String s, Path file, int line) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (i + 1 == s.length()) {
                throw new IllegalArgumentException(file + ":" + line + ": lone backslash at the end of a token");
            }
            char e = s.charAt(++i);
            switch (e) {
                case '\\' -> sb.append('\\');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                default -> throw new IllegalArgumentException(file + ":" + line + ": unknown escape \\" + e);
            }
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && v.tokens.equals(tokens);
    }

    @Override
    public int hashCode() {
        return tokens.hashCode();
    }

    @Override
    public String toString() {
        return "Vocabulary(" + tokens.size() + " tokens)";
    }
}
