package org.attentionlab.speech;

import java.util.List;

/**
 * What speech data to make: which texts, spoken how, split how. Everything random about it (which
 * words, which split, voices, rates, pitches, noise) follows from {@code seed}.
 *
 * @param words          where the texts come from
 * @param wordCount      distinct texts drawn from {@code words} at random; 0 for all of them
 * @param voicesPerWord  each word of train, valid and test is spoken by this many different seen voices
 * @param validFraction  share of the words held out for validation
 * @param testFraction   share of the words held out for testing (spoken by seen voices in {@code test},
 *                       and again by the held-out voice in {@code heldout})
 * @param voices         the seen espeak-ng voices (name and optional variant, e.g. {@code en-us+f3})
 * @param heldOutVoice   a voice never heard in training, for the {@code heldout} split
 * @param minRate        slowest speaking rate, words a minute (espeak-ng: 80-450)
 * @param maxRate        fastest speaking rate
 * @param minPitch       lowest pitch (espeak-ng: 0-99)
 * @param maxPitch       highest pitch
 * @param minSnrDb       most noise: signal-to-noise ratio in dB of the added white noise
 * @param maxSnrDb       least noise
 * @param seed           the seed of every random choice
 */
public record SpeechConfig(WordSource words, int wordCount, int voicesPerWord, double validFraction,
                           double testFraction, List<String> voices, String heldOutVoice, int minRate, int maxRate,
                           int minPitch, int maxPitch, double minSnrDb, double maxSnrDb, long seed) {

    /** American and British English, each plain and with a female and a male variant. */
    public static final List<String> DEFAULT_VOICES = List.of("en-us", "en-us+f3", "en-us+m3", "en-gb-x-rp",
            "en-gb-x-rp+f2", "en-gb-x-rp+m5");
    /** An American voice with a variant (f4) no seen voice has. */
    public static final String DEFAULT_HELD_OUT_VOICE = "en-us+f4";

    public SpeechConfig {
        voices = List.copyOf(voices);
        if (wordCount < 0) {
            throw new IllegalArgumentException("wordCount must be 0 (all) or positive, got " + wordCount);
        }
        if (voices.isEmpty() || voices.stream().distinct().count() != voices.size()) {
            throw new IllegalArgumentException("voices must be distinct and at least one, got " + voices);
        }
        if (voicesPerWord < 1 || voicesPerWord > voices.size()) {
            throw new IllegalArgumentException("voicesPerWord must be 1 to the number of voices (" + voices.size()
                    + "), got " + voicesPerWord);
        }
        if (voices.contains(heldOutVoice)) {
            throw new IllegalArgumentException("the held-out voice " + heldOutVoice + " is also a seen voice");
        }
        if (!(validFraction >= 0 && testFraction > 0 && validFraction + testFraction < 1)) {
            throw new IllegalArgumentException("need validFraction >= 0, testFraction > 0 and their sum below 1, got "
                    + validFraction + " and " + testFraction);
        }
        if (minRate < 80 || maxRate > 450 || minRate > maxRate || minPitch < 0 || maxPitch > 99 || minPitch > maxPitch) {
            throw new IllegalArgumentException("rates must lie in 80-450 and pitches in 0-99 with min <= max, got rate "
                    + minRate + "-" + maxRate + " and pitch " + minPitch + "-" + maxPitch);
        }
        if (!(minSnrDb <= maxSnrDb) || Double.isInfinite(minSnrDb) || Double.isInfinite(maxSnrDb)) {
            throw new IllegalArgumentException("need finite minSnrDb <= maxSnrDb, got " + minSnrDb + " and " + maxSnrDb);
        }
    }

    /**
     * Numbers 0-999, each train, valid and test number spoken by 4 of the 6 seen voices (3,200 train
     * utterances), 10 % of the numbers for validation and 10 % for test, rates 140-200 words a minute,
     * pitches 35-65, white noise at 20-30 dB SNR, seed 1.
     */
    public static SpeechConfig defaults() {
        return new SpeechConfig(new WordSource.Numbers(999), 0, 4, 0.1, 0.1, DEFAULT_VOICES, DEFAULT_HELD_OUT_VOICE,
                140, 200, 35, 65, 20, 30, 1);
    }

    /** The defaults with 200 numbers spoken by 2 voices each: 320 train utterances, for tests and CI. */
    public static SpeechConfig quick() {
        return defaults().withWordCount(200).withVoicesPerWord(2);
    }

    public SpeechConfig withWords(WordSource v) {
        return new SpeechConfig(v, wordCount, voicesPerWord, validFraction, testFraction, voices, heldOutVoice,
                minRate, maxRate, minPitch, maxPitch, minSnrDb, maxSnrDb, seed);
    }

    public SpeechConfig withWordCount(int v) {
        return new SpeechConfig(words, v, voicesPerWord, validFraction, testFraction, voices, heldOutVoice,
                minRate, maxRate, minPitch, maxPitch, minSnrDb, maxSnrDb, seed);
    }

    public SpeechConfig withVoicesPerWord(int v) {
        return new SpeechConfig(words, wordCount, v, validFraction, testFraction, voices, heldOutVoice,
                minRate, maxRate, minPitch, maxPitch, minSnrDb, maxSnrDb, seed);
    }

    public SpeechConfig withVoices(List<String> seen, String heldOut) {
        return new SpeechConfig(words, wordCount, voicesPerWord, validFraction, testFraction, seen, heldOut,
                minRate, maxRate, minPitch, maxPitch, minSnrDb, maxSnrDb, seed);
    }

    public SpeechConfig withSnrDb(double min, double max) {
        return new SpeechConfig(words, wordCount, voicesPerWord, validFraction, testFraction, voices, heldOutVoice,
                minRate, maxRate, minPitch, maxPitch, min, max, seed);
    }

    public SpeechConfig withSeed(long v) {
        return new SpeechConfig(words, wordCount, voicesPerWord, validFraction, testFraction, voices, heldOutVoice,
                minRate, maxRate, minPitch, maxPitch, minSnrDb, maxSnrDb, v);
    }
}
