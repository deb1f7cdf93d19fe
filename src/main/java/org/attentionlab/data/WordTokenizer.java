package org.attentionlab.data;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Words separated by white space, optionally with punctuation split off into tokens of its own.
 *
 * <p>Splitting punctuation keeps "house", "house." and "house," one vocabulary entry instead of
 * three, which matters for a small translation corpus. A word is a run of letters, marks and digits,
 * with apostrophes and hyphens inside it ("don't", "x-ray"); every other visible character is a
 * token. Detokenising removes the space before closing punctuation, so it restores ordinary
 * sentences, though not every spacing of the input.
 */
final class WordTokenizer implements Tokenizer {
    static final WordTokenizer WHITESPACE = new WordTokenizer(false);
    static final WordTokenizer PUNCTUATION = new WordTokenizer(true);

    private static final Pattern WORD_OR_MARK =
            Pattern.compile("[\\p{L}\\p{M}\\p{N}]+(?:['’\\-][\\p{L}\\p{M}\\p{N}]+)*|\\S");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private final boolean splitPunctuation;

    private WordTokenizer(boolean splitPunctuation) {
        this.splitPunctuation = splitPunctuation;
    }

    @Override
    public String name() {
        return splitPunctuation ? "word-punct" : "word";
    }

    @Override
    public List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        if (!splitPunctuation) {
            for (String w : SPACE.split(text.strip())) {
                if (!w.isEmpty()) {
                    out.add(w);
                }
            }
            return out;
        }
        Matcher m = WORD_OR_MARK.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    @Override
    public String detokenize(List<String> tokens) {
        if (!splitPunctuation) {
            return String.join(" ", tokens);
        }
        StringBuilder sb = new StringBuilder();
        boolean glueNext = false;
        for (String t : tokens) {
            boolean closing = t.length() == 1 && ".,!?;:)]}%".indexOf(t.charAt(0)) >= 0;
            if (sb.length() > 0 && !closing && !glueNext) {
                sb.append(' ');
            }
            sb.append(t);
            glueNext = t.length() == 1 && "([{".indexOf(t.charAt(0)) >= 0;
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return name();
    }
}
