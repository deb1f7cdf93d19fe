package org.attentionlab.speech;

import java.util.Locale;

/**
 * One planned recording: what is said, by which voice, how fast, how high, with how much noise.
 * Together with the espeak-ng build it fixes the audio to the bit ({@link Synthesizer}).
 *
 * @param split     {@code train}, {@code valid}, {@code test} or {@code heldout}
 * @param index     position within its split
 * @param text      what is said, lower-case letters and spaces
 * @param voice     espeak-ng voice, e.g. {@code en-gb-x-rp+f2}
 * @param rate      words a minute
 * @param pitch     espeak-ng pitch, 0-99
 * @param snrDb     signal-to-noise ratio of the added white noise, dB, one decimal
 * @param noiseSeed the seed of the noise
 */
public record Utterance(String split, int index, String text, String voice, int rate, int pitch, double snrDb,
                        long noiseSeed) {
    public Utterance {
        if (!text.matches("[a-z]+( [a-z]+)*")) {
            throw new IllegalArgumentException("utterance text must be lower-case words a-z separated by single spaces, got '"
                    + text + "'");
        }
    }

    /**
     * The cache file name, unique to every field that shapes the audio:
     * {@code three_hundred_forty_two-r171-p48-s23.4-0123456789abcdef.wav}.
     */
    public String fileName() {
        return String.format(Locale.ROOT, "%s-r%d-p%d-s%.1f-%016x.wav", text.replace(' ', '_'), rate, pitch, snrDb,
                noiseSeed);
    }
}
