package org.attentionlab.speech;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.attentionlab.data.Splits;

/**
 * Which utterances make up each split: a pure function of the {@link SpeechConfig} and the word list,
 * so the same seed gives the same plan on every machine, before any audio exists.
 *
 * <ol>
 *   <li>{@code wordCount} words are drawn at random (all when 0), kept in their sorted order;</li>
 *   <li>the words are split into train, valid and test ({@link Splits#of}, by the seed): a test
 *       word is never heard in training, in any voice;</li>
 *   <li>each word of train, valid and test is spoken by {@code voicesPerWord} different seen voices
 *       (a fresh random choice a word), each utterance with its own rate, pitch, SNR and noise
 *       seed drawn uniformly from the configured ranges;</li>
 *   <li>{@code heldout}: every test word once more, by the held-out voice.</li>
 * </ol>
 * So {@code test} and {@code heldout} hold the same words, and their error rates differ only by
 * the voice. All draws come from one {@link SplittableRandom} stream in this fixed order.
 */
public final class UtterancePlan {
    /** The split names, in order. */
    public static final List<String> SPLITS = List.of("train", "valid", "test", "heldout");

    private final Map<String, List<Utterance>> parts;

    private UtterancePlan(Map<String, List<Utterance>> parts) {
        this.parts = parts;
    }

    /** The plan for {@code config} over {@code words} (distinct, in a fixed order). */
    public static UtterancePlan of(SpeechConfig config, List<String> words) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("no words to speak");
        }
        SplittableRandom random = new SplittableRandom(config.seed());
        List<String> chosen = config.wordCount() > 0 && config.wordCount() < words.size()
                ? sample(words, config.wordCount(), random) : words;
        Splits<String> split = Splits.of(chosen, config.validFraction(), config.testFraction(), random.nextLong());
        if (split.test().isEmpty()) {
            throw new IllegalArgumentException(chosen.size() + " words leave none for the test split at "
                    + config.testFraction() + "; use more words");
        }
        Map<String, List<Utterance>> parts = new LinkedHashMap<>();
        for (String name : List.of("train", "valid", "test")) {
            List<Utterance> out = new ArrayList<>();
            for (String word : split.part(name)) {
                for (String voice : pickVoices(config.voices(), config.voicesPerWord(), random)) {
                    out.add(draw(config, name, out.size(), word, voice, random));
                }
            }
            parts.put(name, List.copyOf(out));
        }
        List<Utterance> heldout = new ArrayList<>();
        for (String word : split.test()) {
            heldout.add(draw(config, "heldout", heldout.size(), word, config.heldOutVoice(), random));
        }
        parts.put("heldout", List.copyOf(heldout));
        return new UtterancePlan(parts);
    }

    /** The utterances of {@code train}, {@code valid}, {@code test} or {@code heldout}. */
    public List<Utterance> part(String name) {
        List<Utterance> p = parts.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown speech split '" + name + "'; known: " + String.join(", ", SPLITS));
        }
        return p;
    }

    /** Every utterance, split by split. */
    public List<Utterance> all() {
        List<Utterance> out = new ArrayList<>();
        parts.values().forEach(out::addAll);
        return out;
    }

    /** {@code k} of {@code items} at random, in their original order. */
    private static List<String> sample(List<String> items, int k, SplittableRandom random) {
        int n = items.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = 0; i < k; i++) { // partial Fisher-Yates: the first k of a random permutation
            int j = i + random.nextInt(n - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] picked = java.util.Arrays.copyOf(order, k);
        java.util.Arrays.sort(picked);
        List<String> out = new ArrayList<>(k);
        for (int i : picked) {
            out.add(items.get(i));
        }
        return out;
    }

    private static List<String> pickVoices(List<String> voices, int k, SplittableRandom random) {
        List<String> pool = new ArrayList<>(voices);
        for (int i = 0; i < k; i++) { // partial Fisher-Yates: the first k of a random permutation
            int j = i + random.nextInt(pool.size() - i);
            String t = pool.get(i);
            pool.set(i, pool.get(j));
            pool.set(j, t);
        }
        return pool.subList(0, k);
    }

    private static Utterance draw(SpeechConfig c, String split, int index, String word, String voice,
                                  SplittableRandom random) {
        int rate = c.minRate() + random.nextInt(c.maxRate() - c.minRate() + 1);
        int pitch = c.minPitch() + random.nextInt(c.maxPitch() - c.minPitch() + 1);
        // One decimal, so the file name states the value exactly.
        double snr = Math.round((c.minSnrDb() + random.nextDouble() * (c.maxSnrDb() - c.minSnrDb())) * 10) / 10.0;
        return new Utterance(split, index, word, voice, rate, pitch, snr, random.nextLong());
    }
}
