package org.attentionlab.speech;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.attentionlab.data.Tokenizer;
import org.attentionlab.data.Vocabulary;

/**
 * Spoken words as (features, characters) examples in four splits: {@code train}, {@code valid},
 * {@code test} (words never heard in training, seen voices) and {@code heldout} (the test words
 * again, by a voice never heard in training).
 *
 * <p>{@link #load} does everything: finds or fetches espeak-ng, plans the utterances from the
 * config's seed ({@link UtterancePlan}), renders the ones not yet cached ({@link Synthesizer}),
 * computes log-mel frames, fits the global normaliser on the training split only
 * ({@link FeatureNormalizer}), and normalises and stacks every split ({@link SpeechFeatures}).
 * Targets are characters over the fixed alphabet {@link #ALPHABET} (the space and a-z, ids 4-30
 * after the four specials), so no transcript is ever {@code <unk>}.
 */
public final class SpeechDataset {
    /** The transcripts' characters, in vocabulary order: the space, then a to z. */
    public static final String ALPHABET = " abcdefghijklmnopqrstuvwxyz";

    private static final Vocabulary VOCABULARY = Vocabulary.of(ALPHABET.chars().mapToObj(Character::toString).toList());

    private final SpeechConfig config;
    private final SpeechFeatures features;
    private final FeatureNormalizer normalizer;
    private final Synthesizer synthesizer;
    private final Map<String, List<SpeechExample>> parts;

    private SpeechDataset(SpeechConfig config, SpeechFeatures features, FeatureNormalizer normalizer,
                          Synthesizer synthesizer, Map<String, List<SpeechExample>> parts) {
        this.config = config;
        this.features = features;
        this.normalizer = normalizer;
        this.synthesizer = synthesizer;
        this.parts = parts;
    }

    /**
     * The data set of {@code config}, its audio rendered into (or read from) {@code cacheDir}.
     *
     * @param threads  threads rendering audio (each runs espeak-ng processes); 0 for the number of cores
     * @param progress told after each utterance rendered or found
     * @throws org.attentionlab.data.DataUnavailableException when espeak-ng (or, for {@code cmu}
     *                                                         words, the dictionary) cannot be had
     */
    public static SpeechDataset load(SpeechConfig config, SpeechFeatures features, Path cacheDir, int threads,
                                     Synthesizer.Progress progress) {
        UtterancePlan plan = UtterancePlan.of(config, config.words().words(cacheDir));
        Synthesizer synthesizer = new Synthesizer(EspeakNg.locate(cacheDir), cacheDir);
        synthesizer.ensure(plan.all(), threads > 0 ? threads : Runtime.getRuntime().availableProcessors(), progress);
        return build(config, features, plan, u -> {
            try {
                return synthesizer.load(u);
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage() + " (delete the file to render it again)", e);
            }
        }, synthesizer);
    }

    /**
     * The data set of a plan whose audio comes from {@code audio} (any sample rate: it is resampled),
     * without espeak-ng: for tests, or audio made elsewhere.
     */
    public static SpeechDataset build(SpeechConfig config, SpeechFeatures features, UtterancePlan plan,
                                      Function<Utterance, Waveform> audio) {
        return build(config, features, plan, audio, null);
    }

    private static SpeechDataset build(SpeechConfig config, SpeechFeatures features, UtterancePlan plan,
                                       Function<Utterance, Waveform> audio, Synthesizer synthesizer) {
        Map<String, List<float[][]>> logMel = new LinkedHashMap<>();
        for (String name : UtterancePlan.SPLITS) {
            List<float[][]> frames = new ArrayList<>();
            for (Utterance u : plan.part(name)) {
                frames.add(features.logMel(audio.apply(u)));
            }
            logMel.put(name, frames);
        }
        if (logMel.get("train").isEmpty()) {
            throw new IllegalArgumentException("the training split is empty; use more words");
        }
        FeatureNormalizer normalizer = FeatureNormalizer.fit(logMel.get("train"));
        Map<String, List<SpeechExample>> parts = new LinkedHashMap<>();
        for (String name : UtterancePlan.SPLITS) {
            List<Utterance> us = plan.part(name);
            List<SpeechExample> examples = new ArrayList<>(us.size());
            for (int i = 0; i < us.size(); i++) {
                examples.add(new SpeechExample(us.get(i), features.encoderInput(logMel.get(name).get(i), normalizer),
                        encode(us.get(i).text())));
                logMel.get(name).set(i, null); // let the unstacked frames go as we go
            }
            parts.put(name, List.copyOf(examples));
        }
        return new SpeechDataset(config, features, normalizer, synthesizer, parts);
    }

    /** The examples of {@code train}, {@code valid}, {@code test} or {@code heldout}. */
    public List<SpeechExample> part(String name) {
        List<SpeechExample> p = parts.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown speech split '" + name + "'; known: "
                    + String.join(", ", UtterancePlan.SPLITS));
        }
        return p;
    }

    public List<SpeechExample> train() {
        return part("train");
    }

    public List<SpeechExample> valid() {
        return part("valid");
    }

    public List<SpeechExample> test() {
        return part("test");
    }

    public List<SpeechExample> heldOut() {
        return part("heldout");
    }

    public SpeechConfig config() {
        return config;
    }

    public SpeechFeatures features() {
        return features;
    }

    /** The training split's statistics, to normalise new audio the same way (save it beside a model). */
    public FeatureNormalizer normalizer() {
        return normalizer;
    }

    /** Values an encoder position holds. */
    public int featureDim() {
        return features.dim();
    }

    /** The cache and espeak-ng behind the audio; null for a data set {@link #build built} from given audio. */
    public Synthesizer synthesizer() {
        return synthesizer;
    }

    /** The utterance's audio (16 kHz, as the features saw it), from the cache. */
    public Waveform audio(Utterance u) throws IOException {
        if (synthesizer == null) {
            throw new IllegalStateException("this data set was built from given audio; it has no cache to read from");
        }
        return synthesizer.load(u);
    }

    /** The encoder input of new audio (a WAV file a user recorded, say), normalised like the training data. */
    public float[][] featuresOf(Waveform wave) {
        return features.encoderInput(wave, normalizer);
    }

    /** Specials, then the space and a-z: the same 31 entries for every speech data set. */
    public static Vocabulary vocabulary() {
        return VOCABULARY;
    }

    /** Characters, one token each. */
    public static Tokenizer tokenizer() {
        return Tokenizer.chars();
    }

    /** A transcript's character ids (no BOS, no END). */
    public static int[] encode(String text) {
        int[] ids = new int[text.length()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = VOCABULARY.id(Character.toString(text.charAt(i)));
            if (ids[i] == Vocabulary.UNK) {
                throw new IllegalArgumentException("transcript '" + text + "' has a character outside the speech alphabet: '"
                        + text.charAt(i) + "'");
            }
        }
        return ids;
    }

    /** Text of character ids, stopping at END, skipping PAD and BOS. */
    public static String decode(int[] ids) {
        StringBuilder b = new StringBuilder();
        for (int id : ids) {
            if (id == Vocabulary.END) {
                break;
            }
            if (id != Vocabulary.PAD && id != Vocabulary.BOS) {
                b.append(VOCABULARY.token(id));
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("SpeechDataset[");
        for (String name : UtterancePlan.SPLITS) {
            b.append(name).append(' ').append(parts.get(name).size()).append(", ");
        }
        return b.append(features).append(']').toString();
    }
}
