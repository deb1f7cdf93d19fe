package org.attentionlab.data;

/**
 * One source-target pair as text, before tokenisation. Kept as text so that the same example can be
 * shown to a person, scored with BLEU on words, and tokenised by whichever tokenizer the task uses.
 */
public record Example(String source, String target) {
    public Example {
        if (source == null || target == null) {
            throw new IllegalArgumentException("example source and target must not be null, got source="
                    + source + " target=" + target);
        }
    }
}
