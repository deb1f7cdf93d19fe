package org.attentionlab.speech;

/**
 * One utterance ready for the model: the encoder's input and the decoder's target.
 *
 * @param utterance what was said, by whom, in which split ({@code utterance.text()} is the transcript)
 * @param features  normalised, stacked log-mel frames [positions][dim], the encoder's input
 * @param target    the transcript's character ids, without BOS or END (added when batching, as
 *                  for {@link org.attentionlab.data.EncodedPair})
 */
public record SpeechExample(Utterance utterance, float[][] features, int[] target) {
    /** The transcript. */
    public String text() {
        return utterance.text();
    }

    /** Encoder positions. */
    public int positions() {
        return features.length;
    }
}
