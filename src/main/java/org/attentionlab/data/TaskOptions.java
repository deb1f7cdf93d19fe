package org.attentionlab.data;

import java.nio.file.Path;

/**
 * How {@link Tasks#forName} builds a task. Immutable; start from {@link #defaults()} and change
 * fields with the {@code with...} methods.
 *
 * @param seed             seeds the synthetic generators and the split
 * @param examples         synthetic tasks: how many examples to generate; real tasks and tsv: the most
 *                         to keep (the first ones, before splitting); 0 = the task's default
 *                         ({@value #DEFAULT_SYNTHETIC_EXAMPLES} synthetic, all real)
 * @param minLength        shortest synthetic source (in characters)
 * @param maxLength        longest synthetic source
 * @param validFraction    share of the examples held out for validation
 * @param testFraction     share held out for test
 * @param minFrequency     rarer tokens become UNK (vocabularies built from the training part)
 * @param maxVocabulary    most vocabulary entries, specials included; 0 = no limit
 * @param sharedVocabulary one vocabulary for both sides (for tied embeddings)
 * @param tokenizer        {@code char}, {@code word}, {@code word-punct} or {@code bpe} for both sides;
 *                         null = the task's default
 * @param cacheDir         where fetched data sets are kept
 * @param subwords         how {@code bpe} learns its merges (ignored by the other tokenizers)
 * @param trainingPart     what the training split holds besides the split's own pairs, or fewer of them
 */
public record TaskOptions(long seed, int examples, int minLength, int maxLength, double validFraction,
                          double testFraction, int minFrequency, int maxVocabulary, boolean sharedVocabulary,
                          String tokenizer, Path cacheDir, Subwords subwords, TrainingPart trainingPart) {
    public static final int DEFAULT_SYNTHETIC_EXAMPLES = 10_000;
    /** Environment variable that moves the cache (the {@code cacheDir} option wins over it). */
    public static final String CACHE_ENV = "ATTENTION_LAB_CACHE";

    public TaskOptions {
        if (examples < 0) {
            throw new IllegalArgumentException("examples must be >= 0 (0 = task default), got " + examples);
        }
        if (minLength < 1 || maxLength < minLength) {
            throw new IllegalArgumentException("need 1 <= minLength <= maxLength, got minLength=" + minLength
                    + " maxLength=" + maxLength);
        }
        if (minFrequency < 1) {
            throw new IllegalArgumentException("minFrequency must be >= 1, got " + minFrequency);
        }
        if (maxVocabulary < 0) {
            throw new IllegalArgumentException("maxVocabulary must be >= 0 (0 = no limit), got " + maxVocabulary);
        }
        if (!(validFraction >= 0 && testFraction >= 0 && validFraction + testFraction < 1)) {
            throw new IllegalArgumentException("validFraction and testFraction must be >= 0 and sum to less than 1, got "
                    + validFraction + " and " + testFraction);
        }
        if (BytePairTokenizer.NAME.equals(tokenizer)) {
            if (minFrequency != 1 || maxVocabulary != 0) {
                throw new IllegalArgumentException("with the bpe tokenizer the vocabulary is every symbol the merges "
                        + "can produce (so nothing is <unk>); size it with the merges or the vocabulary size of "
                        + "Subwords, not with minFrequency " + minFrequency + " or maxVocabulary " + maxVocabulary);
            }
        } else if (tokenizer != null) {
            Tokenizer.forName(tokenizer); // fails early on a wrong name
        }
        if (cacheDir == null) {
            throw new IllegalArgumentException("cacheDir must not be null");
        }
        if (subwords == null) {
            throw new IllegalArgumentException("subwords must not be null (Subwords.DEFAULT)");
        }
        if (trainingPart == null) {
            throw new IllegalArgumentException("trainingPart must not be null (TrainingPart.ALL)");
        }
    }

    /**
     * Changes to the training split of a task, leaving validation and test as they are (so that
     * scores stay comparable): {@code limit} keeps a seeded sample of that many of the split's
     * pairs (0: all), to measure how scores grow with data; {@code longSentences} adds the data
     * set's sentence pairs too long for the task ({@link DingDictionary#fetchLongSentences});
     * {@code sentenceRepeats} repeats these sentence pairs (so that they keep their weight beside many
     * phrases); {@code extraPhrases} adds up to that many of the Ding dictionary's word and phrase
     * entries ({@link DingDictionary#phrases}; 0: none, {@link #ALL_PHRASES}: all of them). The
     * additions are for de-en and en-de only.
     */
    public record TrainingPart(int limit, int extraPhrases, boolean longSentences, int sentenceRepeats) {
        /** The split's own pairs, nothing added. */
        public static final TrainingPart ALL = new TrainingPart(0, 0, false, 1);
        /** As {@code extraPhrases}: every phrase pair the dictionary has. */
        public static final int ALL_PHRASES = Integer.MAX_VALUE;

        public TrainingPart {
            if (limit < 0 || extraPhrases < 0) {
                throw new IllegalArgumentException("training limit and extra phrases must be 0 or more, got " + limit
                        + " and " + extraPhrases);
            }
            if (sentenceRepeats < 1) {
                throw new IllegalArgumentException("sentence repeats must be at least 1, got " + sentenceRepeats);
            }
        }

        /** A limit and a number of phrases, nothing else changed. */
        public TrainingPart(int limit, int extraPhrases) {
            this(limit, extraPhrases, false, 1);
        }
    }

    /**
     * How byte-pair encoding is learned from the training part: exactly one of {@code merges} and
     * {@code vocabularySize} is positive; {@code joint} learns one set of merges from the sources and
     * targets together (the paper's choice for English-German, so that names and cognates split the
     * same way on both sides), otherwise one set per side.
     */
    public record Subwords(int merges, int vocabularySize, boolean joint) {
        /** 8,000 joint merges. */
        public static final Subwords DEFAULT = new Subwords(8_000, 0, true);

        public Subwords {
            if (merges < 0 || vocabularySize < 0 || (merges > 0) == (vocabularySize > 0)) {
                throw new IllegalArgumentException("give either a number of merges or a vocabulary size, "
                        + "got merges " + merges + " and vocabulary size " + vocabularySize);
            }
        }
    }

    /** Seed 1, task-default size, lengths 5-20, 10 % validation, 10 % test, all tokens, default cache. */
    public static TaskOptions defaults() {
        return new TaskOptions(1, 0, 5, 20, 0.1, 0.1, 1, 0, false, null, defaultCacheDir(), Subwords.DEFAULT,
                TrainingPart.ALL);
    }

    /** {@code $ATTENTION_LAB_CACHE} if set, else {@code ~/.cache/attention-lab}. */
    public static Path defaultCacheDir() {
        String env = System.getenv(CACHE_ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "attention-lab");
    }

    public TaskOptions withSeed(long v) {
        return new TaskOptions(v, examples, minLength, maxLength, validFraction, testFraction, minFrequency,
                maxVocabulary, sharedVocabulary, tokenizer, cacheDir, subwords, trainingPart);
    }

    public TaskOptions withExamples(int v) {
        return new TaskOptions(seed, v, minLength, maxLength, validFraction, testFraction, minFrequency,
                maxVocabulary, sharedVocabulary, tokenizer, cacheDir, subwords, trainingPart);
    }

    public TaskOptions withLengths(int min, int max) {
        return new TaskOptions(seed, examples, min, max, validFraction, testFraction, minFrequency,
                maxVocabulary, sharedVocabulary, tokenizer, cacheDir, subwords, trainingPart);
    }

    public TaskOptions withFractions(double valid, double test) {
        return new TaskOptions(seed, examples, minLength, maxLength, valid, test, minFrequency,
                maxVocabulary, sharedVocabulary, tokenizer, cacheDir, subwords, trainingPart);
    }

    public TaskOptions withVocabulary(int minFreq, int maxSize, boolean shared) {
        return new TaskOptions(seed, examples, minLength, maxLength, validFraction, testFraction, minFreq,
                maxSize, shared, tokenizer, cacheDir, subwords, trainingPart);
    }

    public TaskOptions withTokenizer(String v) {
        return new TaskOptions(seed, examples, minLength, maxLength, validFraction, testFraction, minFrequency,
                maxVocabulary, sharedVocabulary, v, cacheDir, subwords, trainingPart);
    }

    public TaskOptions withCacheDir(Path v) {
        return new TaskOptions(seed, examples, minLength, maxLength, validFraction, testFraction, minFrequency,
                maxVocabulary, sharedVocabulary, tokenizer, v, subwords, trainingPart);
    }

    public TaskOptions withSubwords(Subwords v) {
        return new TaskOptions(seed, examples, minLength, maxLength, validFraction, testFraction, minFrequency,
                maxVocabulary, sharedVocabulary, tokenizer, cacheDir, v, trainingPart);
    }

    public TaskOptions withTrainingPart(TrainingPart v) {
        return new TaskOptions(seed, examples, minLength, maxLength, validFraction, testFraction, minFrequency,
                maxVocabulary, sharedVocabulary, tokenizer, cacheDir, subwords, v);
    }
}
