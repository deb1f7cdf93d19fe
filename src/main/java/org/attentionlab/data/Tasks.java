package org.attentionlab.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Builds a {@link Task} from the name a user types: {@code copy}, {@code reverse}, {@code sort},
 * {@code addition}, {@code dates} (generated), {@code g2p}, {@code de-en}, {@code en-de}
 * (fetched into the cache), or {@code tsv:FILE} (the user's own pairs).
 */
public final class Tasks {
    /** The names {@link #forName} accepts, as shown in help and error messages. */
    public static final List<String> NAMES = List.of("copy", "reverse", "sort", "addition", "dates", "g2p",
            "de-en", "en-de", "tsv:FILE");

    private Tasks() {
    }

    /**
     * The task named {@code spec}. Synthetic tasks are character level with fixed vocabularies (their
     * whole alphabet, so nothing is ever UNK); g2p maps characters to phones (char -> word
     * tokenizer); de-en (German to English) and en-de are word level with punctuation split off; tsv
     * defaults to word level. {@code options.tokenizer()} replaces the default on both sides, and
     * vocabularies of real and tsv tasks are built from the training part; with {@code bpe} the
     * merges are learned from the training part too ({@link #subwords}).
     *
     * @throws IllegalArgumentException   for an unknown name, listing the known ones
     * @throws DataUnavailableException   when a real data set cannot be fetched
     */
    public static Task forName(String spec, TaskOptions options) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("no task given; known tasks: " + String.join(", ", NAMES));
        }
        SyntheticTask synthetic = SyntheticTask.byName(spec);
        if (synthetic != null) {
            return synthetic(synthetic, options);
        }
        if (spec.startsWith("tsv:")) {
            String file = spec.substring(4);
            if (file.isEmpty()) {
                throw new IllegalArgumentException("task 'tsv:' needs a file, as in tsv:pairs.tsv");
            }
            return real(spec, TsvPairs.load(Path.of(file)), null, Tokenizer.words(), Tokenizer.words(), options);
        }
        return switch (spec) {
            case "g2p" -> real(spec, CmuDict.fetch(options.cacheDir()), null, Tokenizer.chars(), Tokenizer.words(),
                    options);
            case "de-en" -> real(spec, DingDictionary.fetch(options.cacheDir()), ding(options, false),
                    Tokenizer.wordsAndPunctuation(), Tokenizer.wordsAndPunctuation(), options);
            case "en-de" -> real(spec, swap(DingDictionary.fetch(options.cacheDir())), ding(options, true),
                    Tokenizer.wordsAndPunctuation(), Tokenizer.wordsAndPunctuation(), options);
            default -> throw new IllegalArgumentException("unknown task '" + spec + "'; known tasks: "
                    + String.join(", ", NAMES));
        };
    }

    /** The Ding dictionary's phrases and long sentences, English first when {@code swapped}. */
    private static Supplements ding(TaskOptions o, boolean swapped) {
        return new Supplements(() -> maybeSwap(DingDictionary.fetchPhrases(o.cacheDir()), swapped),
                () -> maybeSwap(DingDictionary.fetchLongSentences(o.cacheDir()), swapped));
    }

    private static List<Example> maybeSwap(List<Example> pairs, boolean swapped) {
        return swapped ? swap(pairs) : pairs;
    }

    static Task synthetic(SyntheticTask kind, TaskOptions o) {
        int n = o.examples() == 0 ? TaskOptions.DEFAULT_SYNTHETIC_EXAMPLES : o.examples();
        List<Example> all = kind.generate(n, o.minLength(), o.maxLength(), o.seed());
        Splits<Example> splits = trainingPart(kind.taskName(), Splits.of(all, o.validFraction(), o.testFraction(),
                o.seed()), Supplements.NONE, o);
        if (BytePairTokenizer.NAME.equals(o.tokenizer())) {
            return subwords(kind.taskName(), splits, o);
        }
        if (o.tokenizer() != null && !o.tokenizer().equals("char")) {
            Tokenizer t = Tokenizer.forName(o.tokenizer());
            return Task.fromTraining(kind.taskName(), t, t, splits, o.minFrequency(), o.maxVocabulary(),
                    o.sharedVocabulary());
        }
        Vocabulary src = Vocabulary.of(kind.sourceAlphabet());
        Vocabulary tgt = Vocabulary.of(kind.targetAlphabet());
        if (o.sharedVocabulary()) {
            List<String> both = new ArrayList<>(new java.util.TreeSet<>(kind.sourceAlphabet()));
            for (String s : kind.targetAlphabet()) {
                if (!both.contains(s)) {
                    both.add(s);
                }
            }
            src = Vocabulary.of(both);
            tgt = src;
        }
        return new Task(kind.taskName(), Tokenizer.chars(), Tokenizer.chars(), splits, src, tgt);
    }

    /** A task of real pairs; {@code supplements} says what more it has for training (null: nothing). */
    static Task real(String name, List<Example> all, Supplements supplements, Tokenizer source,
                     Tokenizer target, TaskOptions o) {
        List<Example> kept = o.examples() == 0 || o.examples() >= all.size() ? all : sample(all, o.examples(), o.seed());
        Splits<Example> splits = trainingPart(name, Splits.of(kept, o.validFraction(), o.testFraction(), o.seed()),
                supplements == null ? Supplements.NONE : supplements, o);
        if (BytePairTokenizer.NAME.equals(o.tokenizer())) {
            return subwords(name, splits, o);
        }
        if (o.tokenizer() != null) {
            source = Tokenizer.forName(o.tokenizer());
            target = source;
        }
        return Task.fromTraining(name, source, target, splits, o.minFrequency(), o.maxVocabulary(),
                o.sharedVocabulary());
    }

    /**
     * What a real data set offers for training besides its task's pairs (null: nothing):
     * {@code phrases} its word and phrase entries, {@code longSentences} its sentence pairs too long
     * for the task's split. Read only when asked for.
     */
    record Supplements(Supplier<List<Example>> phrases, Supplier<List<Example>> longSentences) {
        static final Supplements NONE = new Supplements(null, null);
    }

    /**
     * The split with its training part changed as {@link TaskOptions.TrainingPart} says: a seeded
     * sample of {@code limit} of its pairs, the long sentences added, these sentence pairs repeated
     * {@code sentenceRepeats} times, then up to {@code extraPhrases} phrase pairs (a seeded sample
     * when there are more). Validation and test stay as they are, and an added pair whose German or
     * English side is a held-out sentence (compared without case, spaces and punctuation) is left
     * out, so nothing held out is trained on in another guise.
     */
    static Splits<Example> trainingPart(String name, Splits<Example> splits, Supplements supplements,
                                        TaskOptions o) {
        TaskOptions.TrainingPart part = o.trainingPart();
        if (part.equals(TaskOptions.TrainingPart.ALL)) {
            return splits;
        }
        List<Example> sentences = new ArrayList<>(splits.train());
        if (part.limit() > 0 && part.limit() < sentences.size()) {
            sentences = new ArrayList<>(sample(sentences, part.limit(), o.seed() + 1));
        }
        java.util.Set<String> heldOut = new java.util.HashSet<>();
        for (List<Example> held : List.of(splits.valid(), splits.test())) {
            for (Example e : held) {
                heldOut.add(bare(e.source()));
                heldOut.add(bare(e.target()));
            }
        }
        if (part.longSentences()) {
            sentences.addAll(notHeldOut(supplement(name, supplements.longSentences(), "long sentences"), heldOut));
        }
        List<Example> train = new ArrayList<>();
        for (int r = 0; r < part.sentenceRepeats(); r++) {
            train.addAll(sentences);
        }
        if (part.extraPhrases() > 0) {
            List<Example> usable = notHeldOut(supplement(name, supplements.phrases(), "extra phrases"), heldOut);
            train.addAll(part.extraPhrases() < usable.size() ? sample(usable, part.extraPhrases(), o.seed() + 2)
                    : usable);
        }
        return new Splits<>(train, splits.valid(), splits.test());
    }

    private static List<Example> supplement(String task, Supplier<List<Example>> source, String what) {
        if (source == null) {
            throw new IllegalArgumentException("task " + task + " has no " + what + " to add; " + what
                    + " are for de-en and en-de (from the Ding dictionary)");
        }
        return source.get();
    }

    private static List<Example> notHeldOut(List<Example> pairs, java.util.Set<String> heldOut) {
        List<Example> out = new ArrayList<>();
        for (Example e : pairs) {
            if (!heldOut.contains(bare(e.source())) && !heldOut.contains(bare(e.target()))) {
                out.add(e);
            }
        }
        return out;
    }

    /** Letters and digits only, lower case: a text's identity for the held-out check. */
    private static String bare(String text) {
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().filter(Character::isLetterOrDigit).map(Character::toLowerCase).forEach(b::appendCodePoint);
        return b.toString();
    }

    /**
     * A byte-pair task: merges learned from the training part only (the sources and targets together
     * when {@link TaskOptions.Subwords#joint}, else each side from its own texts), and vocabularies
     * holding every symbol the merges can produce.
     */
    static Task subwords(String name, Splits<Example> splits, TaskOptions o) {
        TaskOptions.Subwords s = o.subwords();
        List<String> sources = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        for (Example e : splits.train()) {
            sources.add(e.source());
            targets.add(e.target());
        }
        BytePairTokenizer source;
        BytePairTokenizer target;
        if (s.joint()) {
            List<String> both = new ArrayList<>(sources);
            both.addAll(targets);
            source = BytePairTokenizer.learn(both, s.merges(), s.vocabularySize());
            target = source;
        } else {
            source = BytePairTokenizer.learn(sources, s.merges(), s.vocabularySize());
            target = BytePairTokenizer.learn(targets, s.merges(), s.vocabularySize());
        }
        return Task.fromTraining(name, source, target, splits, 1, 0, o.sharedVocabulary());
    }

    /**
     * The word tokenizer a task's outputs are scored on when its tokens are subwords: words with
     * punctuation split off for de-en and en-de (as their word-level runs are scored), whitespace
     * words otherwise; so BLEU counts words, whatever pieces the model wrote them in.
     */
    public static Tokenizer scoringWords(String spec) {
        return spec.equals("de-en") || spec.equals("en-de") ? Tokenizer.wordsAndPunctuation() : Tokenizer.words();
    }

    /** {@code n} of the items chosen at random by seed, in their original order (not the first n: files are sorted). */
    static <T> List<T> sample(List<T> items, int n, long seed) {
        // The test part of a split over all items, of the right size, is such a sample.
        return Splits.of(items, 0, (double) n / items.size(), seed ^ 0x5DEECE66DL).test();
    }

    private static List<Example> swap(List<Example> pairs) {
        List<Example> out = new ArrayList<>(pairs.size());
        for (Example e : pairs) {
            out.add(new Example(e.target(), e.source()));
        }
        return out;
    }
}
