package org.attentionlab.data;

import java.util.ArrayList;
import java.util.List;

/**
 * One token a Unicode code point (not a Java {@code char}, so that characters outside the Basic
 * Multilingual Plane stay whole). Spaces are tokens too, so detokenising restores the text exactly.
 */
final class CharTokenizer implements Tokenizer {
    static final CharTokenizer INSTANCE = new CharTokenizer();

    private CharTokenizer() {
    }

    @Override
    public String name() {
        return "char";
    }

    @Override
    public List<String> tokenize(String text) {
        List<String> out = new ArrayList<>(text.length());
        text.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
        return out;
    }

    @Override
    public String detokenize(List<String> tokens) {
        return String.join("", tokens);
    }

    @Override
    public String toString() {
        return name();
    }
}
