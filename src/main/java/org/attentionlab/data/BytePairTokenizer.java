package org.attentionlab.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Subword tokens by byte-pair encoding ({@link BytePairModel}): words are split on white space and
 * each word into the symbols its merges give, so a rare word becomes a few frequent pieces instead
 * of {@code <unk>}.
 *
 * <p><b>What detokenising restores.</b> {@code detokenize(tokenize(x))} equals {@code x} with white
 * space normalised: leading and trailing white space removed and every run of white space inside
 * replaced by one space, white space being what {@link Character#isWhitespace} accepts (so a
 * no-break space U+00A0 is kept, as part of a word). Every other character comes back, including
 * characters never seen in training, emoji and {@code <}: they travel as their UTF-8 bytes. The one
 * exception is a lone surrogate (not text): Java's UTF-8 encoder writes it as {@code ?}.
 *
 * <p>Detokenising a model's output that is not a valid token sequence still gives text: bytes that
 * are not UTF-8 become U+FFFD, a last word without the end-of-word mark still ends the text, and a
 * token that is no symbol (such as {@code <unk>}) is written as a word of its own.
 */
public final class BytePairTokenizer implements Tokenizer {
    /** The name in {@code --tokenizer} and task.json. */
    public static final String NAME = "bpe";
    private static final int CACHE_LIMIT = 200_000;

    private final BytePairModel model;
    /** Segmentations of words seen before: the same words recur, and segmenting is the slow part. */
    private final Map<String, List<String>> cache = new ConcurrentHashMap<>();

    public BytePairTokenizer(BytePairModel model) {
        this.model = model;
    }

    /** Learns the merges from {@code texts} (see {@link BytePairLearner#learn}). */
    public static BytePairTokenizer learn(Iterable<String> texts, int merges, int vocabularySize) {
        return new BytePairTokenizer(BytePairLearner.learn(texts, merges, vocabularySize));
    }

    /** Reads merges saved with {@code model().save(file)}. */
    public static BytePairTokenizer load(Path file) throws IOException {
        return new BytePairTokenizer(BytePairModel.load(file));
    }

    public BytePairModel model() {
        return model;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The words of a text: maximal runs of characters that are not {@link Character#isWhitespace}. */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (Character.isWhitespace(cp)) {
                if (start >= 0) {
                    out.add(text.substring(start, i));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
            i += Character.charCount(cp);
        }
        if (start >= 0) {
            out.add(text.substring(start));
        }
        return out;
    }

    @Override
    public List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        for (String w : words(text)) {
            List<String> pieces = cache.get(w);
            if (pieces == null) {
                pieces = List.copyOf(model.segment(w));
                if (cache.size() >= CACHE_LIMIT) {
                    cache.clear();
                }
                cache.put(w, pieces);
            }
            out.addAll(pieces);
        }
        return out;
    }

    @Override
    public String detokenize(List<String> tokens) {
        StringBuilder text = new StringBuilder();
        ByteArrayOutputStream word = new ByteArrayOutputStream();
        for (String t : tokens) {
            int before = word.size();
            Boolean ends = parse(t, word);
            if (ends == null) { // not a symbol: keep it visible as a word of its own
                byte[] partial = word.toByteArray();
                word.reset();
                word.write(partial, 0, before);
                endWord(text, word);
                appendWord(text, t);
            } else if (ends) {
                endWord(text, word);
            }
        }
        endWord(text, word);
        return text.toString();
    }

    /**
     * Appends the bytes a symbol stands for to {@code word}; true when it ends a word, false when
     * not, null when {@code token} is not a symbol of this scheme.
     */
    private static Boolean parse(String token, ByteArrayOutputStream word) {
        boolean ends = false;
        int i = 0;
        while (i < token.length()) {
            if (token.startsWith(BytePairModel.END_OF_WORD, i) && i + BytePairModel.END_OF_WORD.length() == token.length()) {
                ends = true;
                i = token.length();
            } else if (token.charAt(i) == '<') {
                int b = i + 6 <= token.length() && token.startsWith("<0x", i) && token.charAt(i + 5) == '>'
                        ? hexByte(token, i + 3) : -1;
                if (b < 0) {
                    return null;
                }
                word.write(b);
                i += 6;
            } else {
                int cp = token.codePointAt(i);
                word.writeBytes(Character.toString(cp).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        return ends;
    }

    private static int hexByte(String s, int at) {
        int hi = Character.digit(s.charAt(at), 16);
        int lo = Character.digit(s.charAt(at + 1), 16);
        boolean upper = Character.toUpperCase(s.charAt(at)) == s.charAt(at)
                && Character.toUpperCase(s.charAt(at + 1)) == s.charAt(at + 1);
        return hi < 0 || lo < 0 || !upper ? -1 : hi * 16 + lo;
    }

    private static void endWord(StringBuilder text, ByteArrayOutputStream word) {
        if (word.size() > 0) {
            appendWord(text, word.toString(StandardCharsets.UTF_8));
            word.reset();
        }
    }

    private static void appendWord(StringBuilder text, String w) {
        if (text.length() > 0) {
            text.append(' ');
        }
        text.append(w);
    }

    @Override
    public String toString() {
        return NAME + "(" + model.merges().size() + " merges)";
    }
}
