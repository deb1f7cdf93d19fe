package org.attentionlab.data;

import java.util.ArrayList;
import java.util.List;

/**
 * A sequence-to-sequence task: its examples split three ways, how to tokenise each side, and the
 * vocabularies that turn tokens into ids. What a trainer, a decoder and the command line need to
 * know about data, whatever its origin ({@link Tasks#forName}).
 */
public final class Task {
    private final String name;
    private final Tokenizer sourceTokenizer;
    private final Tokenizer targetTokenizer;
    private final Splits<Example> splits;
    private final Vocabulary sourceVocabulary;
    private final Vocabulary targetVocabulary;

    public Task(String name, Tokenizer sourceTokenizer, Tokenizer targetTokenizer, Splits<Example> splits,
                Vocabulary sourceVocabulary, Vocabulary targetVocabulary) {
        this.name = name;
        this.sourceTokenizer = sourceTokenizer;
        this.targetTokenizer = targetTokenizer;
        this.splits = splits;
        this.sourceVocabulary = sourceVocabulary;
        this.targetVocabulary = targetVocabulary;
    }

    /**
     * A task whose vocabularies are built from the training part only (as they would be for unseen
     * data), keeping tokens seen at least {@code minFrequency} times and at most {@code maxSize}
     * entries (0 = all); with {@code shared}, one vocabulary from both sides serves both.
     */
    public static Task fromTraining(String name, Tokenizer sourceTokenizer, Tokenizer targetTokenizer,
                                    Splits<Example> splits, int minFrequency, int maxSize, boolean shared) {
        List<List<String>> src = new ArrayList<>();
        List<List<String>> tgt = new ArrayList<>();
        for (Example e : splits.train()) {
            src.add(sourceTokenizer.tokenize(e.source()));
            tgt.add(targetTokenizer.tokenize(e.target()));
        }
        if (shared) {
            List<List<String>> both = new ArrayList<>(src);
            both.addAll(tgt);
            List<String> inventory = new ArrayList<>(inventory(sourceTokenizer));
            inventory.addAll(inventory(targetTokenizer));
            Vocabulary v = vocabulary(both, sourceTokenizer, inventory, minFrequency, maxSize);
            return new Task(name, sourceTokenizer, targetTokenizer, splits, v, v);
        }
        return new Task(name, sourceTokenizer, targetTokenizer, splits,
                vocabulary(src, sourceTokenizer, inventory(sourceTokenizer), minFrequency, maxSize),
                vocabulary(tgt, targetTokenizer, inventory(targetTokenizer), minFrequency, maxSize));
    }

    /** Subword tokenizers get every symbol they can produce (no {@code <unk>}); others the frequent tokens. */
    private static Vocabulary vocabulary(List<List<String>> sequences, Tokenizer tokenizer, List<String> inventory,
                                         int minFrequency, int maxSize) {
        return tokenizer instanceof BytePairTokenizer ? Vocabulary.covering(sequences, inventory)
                : Vocabulary.build(sequences, minFrequency, maxSize);
    }

    private static List<String> inventory(Tokenizer tokenizer) {
        return tokenizer instanceof BytePairTokenizer b ? b.model().inventory() : List.of();
    }

    /** The same examples and split with other tokenizers and vocabularies, e.g. those saved beside a checkpoint. */
    public Task withTokenizers(Tokenizer source, Tokenizer target, Vocabulary sourceVocab, Vocabulary targetVocab) {
        return new Task(name, source, target, splits, sourceVocab, targetVocab);
    }

    /** The same task with other vocabularies, e.g. those saved beside a checkpoint being resumed. */
    public Task withVocabularies(Vocabulary source, Vocabulary target) {
        return new Task(name, sourceTokenizer, targetTokenizer, splits, source, target);
    }

    public String name() {
        return name;
    }

    public Tokenizer sourceTokenizer() {
        return sourceTokenizer;
    }

    public Tokenizer targetTokenizer() {
        return targetTokenizer;
    }

    public Vocabulary sourceVocabulary() {
        return sourceVocabulary;
    }

    public Vocabulary targetVocabulary() {
        return targetVocabulary;
    }

    public Splits<Example> splits() {
        return splits;
    }

    public List<Example> train() {
        return splits.train();
    }

    public List<Example> valid() {
        return splits.valid();
    }

    public List<Example> test() {
        return splits.test();
    }

    /** Source ids of a text (no BOS/END), unknown tokens as UNK. */
    public int[] encodeSource(String text) {
        return sourceVocabulary.encode(sourceTokenizer.tokenize(text));
    }

    /** Target ids of a text (no BOS/END). */
    public int[] encodeTarget(String text) {
        return targetVocabulary.encode(targetTokenizer.tokenize(text));
    }

    public EncodedPair encode(Example e) {
        return new EncodedPair(encodeSource(e.source()), encodeTarget(e.target()));
    }

    public List<EncodedPair> encode(List<Example> examples) {
        List<EncodedPair> out = new ArrayList<>(examples.size());
        for (Example e : examples) {
            out.add(encode(e));
        }
        return out;
    }

    /** Target tokens of decoder output ids, up to the first END (see {@link Vocabulary#decode}). */
    public List<String> targetTokens(int[] ids) {
        return targetVocabulary.decode(ids);
    }

    /**
     * The tokens outputs and references are scored on: the target tokenizer's own, or for subwords
     * (bpe) the task's words ({@link Tasks#scoringWords}), so that BLEU and error rates count words
     * whatever pieces the model wrote them in, and compare with word-level runs.
     */
    public Tokenizer scoringTokenizer() {
        return targetTokenizer instanceof BytePairTokenizer ? Tasks.scoringWords(name) : targetTokenizer;
    }

    /** Target tokens as scored ({@link #scoringTokenizer}): subwords joined and split into words, others unchanged. */
    public List<String> scoringTokens(List<String> targetTokens) {
        return targetTokenizer instanceof BytePairTokenizer
                ? scoringTokenizer().tokenize(targetTokenizer.detokenize(targetTokens)) : targetTokens;
    }

    /** Text of decoder output ids, up to the first END. */
    public String decodeTarget(int[] ids) {
        return targetTokenizer.detokenize(targetVocabulary.decode(ids));
    }

    /** Text of source ids, up to the first END. */
    public String decodeSource(int[] ids) {
        return sourceTokenizer.detokenize(sourceVocabulary.decode(ids));
    }

    /** Length-bucketed training batches in an order fixed by {@code seed} (use seed + epoch). */
    public List<Batch> trainBatches(int batchSize, long seed) {
        return Batcher.shuffled(encode(train()), batchSize, seed);
    }

    /** Batches of {@code examples} in their order; {@link Batch#indices()} index into it. */
    public List<Batch> batches(List<Example> examples, int batchSize) {
        return Batcher.inOrder(encode(examples), batchSize);
    }

    /** One line for logs: name, sizes of the parts and of the vocabularies. */
    public String describe() {
        return name + ": " + splits.train().size() + " train, " + splits.valid().size() + " valid, "
                + splits.test().size() + " test; vocabulary " + sourceVocabulary.size() + " source ("
                + sourceTokenizer + "), " + targetVocabulary.size() + " target (" + targetTokenizer + ")"
                + (sourceVocabulary == targetVocabulary ? ", shared" : "");
    }

    @Override
    public String toString() {
        return describe();
    }
}
