package org.attentionlab.data;

import java.util.List;

/**
 * Splits text into tokens and joins tokens back into text.
 *
 * <p>Detokenising need not restore the exact input (a word tokenizer forgets runs of spaces); it
 * must give text that tokenises back to the same tokens.
 */
public interface Tokenizer {
    /** The name a command line uses: {@code char}, {@code word}, {@code word-punct} or {@code bpe}. */
    String name();

    List<String> tokenize(String text);

    String detokenize(List<String> tokens);

    /** Characters (Unicode code points). */
    static Tokenizer chars() {
        return CharTokenizer.INSTANCE;
    }

    /** Whitespace-separated words. */
    static Tokenizer words() {
        return WordTokenizer.WHITESPACE;
    }

    /** Words with punctuation split off ("Hello, world!" gives Hello , world !). */
    static Tokenizer wordsAndPunctuation() {
        return WordTokenizer.PUNCTUATION;
    }

    /**
     * One of {@code char}, {@code word}, {@code word-punct}. Byte-pair encoding is not here: it is
     * learned from data ({@link BytePairTokenizer#learn}, or a task with tokenizer {@code bpe}) or
     * loaded from its merges ({@link BytePairTokenizer#load}).
     */
    static Tokenizer forName(String name) {
        return switch (name) {
            case "char" -> chars();
            case "word" -> words();
            case "word-punct" -> wordsAndPunctuation();
            case BytePairTokenizer.NAME -> throw new IllegalArgumentException("the bpe tokenizer is learned from "
                    + "training data or loaded from its merges file, not made by name; fixed ones: char, word, word-punct");
            default -> throw new IllegalArgumentException("unknown tokenizer '" + name
                    + "'; known: char, word, word-punct, bpe");
        };
    }
}
