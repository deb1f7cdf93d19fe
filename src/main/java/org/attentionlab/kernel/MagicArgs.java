package org.attentionlab.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a magic's argument text into words the way a shell would, as IJava does: whitespace
 * separates words, single and double quotes group them ({@code %jars "my dir/x.jar"}), and a
 * backslash escapes the next character outside single quotes.
 */
final class MagicArgs {
    private MagicArgs() {
    }

    static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\\' && i + 1 < text.length()) {
                word.append(text.charAt(++i));
                inWord = true;
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unclosed " + quote + " quote in magic arguments: " + text.trim());
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
