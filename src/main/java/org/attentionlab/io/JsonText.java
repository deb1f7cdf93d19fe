package org.attentionlab.io;

/**
 * Guards around Gson for JSON read from files: the nesting depth, measured before parsing, and
 * parse errors turned into one plain line.
 *
 * <p>Why the depth: Gson parses deep nesting without recursion, but turning a parsed value back into text
 * (as an error message does) recurses once per level, so a 400 KB header of 200,000 {@code [}
 * ended in a {@code StackOverflowError}. Every file format here needs a handful of levels; text
 * nested deeper than a small limit is refused before the parser sees it.
 */
public final class JsonText {
    private JsonText() {
    }

    /**
     * The index of the bracket at which the nesting of {@code [} and {@code &#123;} outside strings
     * first exceeds {@code limit} levels, or -1 when it never does. Malformed text is not judged
     * here: the parser does that afterwards.
     */
    public static int firstExcess(CharSequence text, int limit) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++; // the escaped character cannot end the string
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                if (++depth > limit) {
                    return i;
                }
            } else if (c == ']' || c == '}') {
                depth--;
            }
        }
        return -1;
    }

    /**
     * A Gson parse error as one line for a user: without the second line pointing at Gson's
     * troubleshooting page, and without advice to switch the reader to lenient mode (which is
     * what the code, not the user, would do).
     */
    public static String describeError(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        m = m.replaceAll("\\s*See https://github\\.com/google/gson\\S*", "").replaceFirst("^[\\w.]+Exception: ", "")
                .replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "malformed JSON");
        return m.replaceAll("\\p{Cntrl}|[\u2028\u2029]", " ").strip();
    }
}
