package org.attentionlab.cli;

import org.attentionlab.data.BytePairTokenizer;
import org.attentionlab.data.TaskOptions;

/**
 * The data options of a new {@code train} run (what the task is built from), read and checked
 * together: sizes, tokenizer and byte-pair settings, vocabularies and the training part. They are
 * recorded in task.json with the task and cannot change on {@code --resume}.
 */
final class TrainDataOptions {
    private TrainDataOptions() {
    }

    /**
     * The task's options; {@code tied} (train --tie-embeddings) asks for one vocabulary for both
     * sides, which the tied source embedding needs, and refuses separate merges.
     */
    static TaskOptions read(Options options, boolean tied) {
        TaskOptions data = TaskOptions.defaults()
                .withSeed(options.integer("seed", 1))
                .withExamples(options.integer("examples", 0))
                .withLengths(options.integer("min-len", 5), options.integer("max-len", 20))
                .withVocabulary(vocabularyOption(options, "min-freq", 1), vocabularyOption(options, "max-vocab", 0),
                        tied)
                .withTokenizer(options.string("tokenizer", null))
                .withTrainingPart(new TaskOptions.TrainingPart(nonNegative(options, "train-limit"), phrases(options),
                        options.flag("long-sentences"), repeats(options)));
        data = data.withSubwords(subwords(options, data.tokenizer()));
        if (tied && BytePairTokenizer.NAME.equals(data.tokenizer()) && !data.subwords().joint()) {
            // One matrix for both sides is the paper's setting for one joint subword vocabulary; with
            // separate merges a German and an English piece would share rows only by accident of spelling.
            throw new UsageException("--tie-embeddings shares one embedding matrix between source and target, which"
                    + " needs joint merges: drop --separate-merges");
        }
        return data;
    }

    /** --extra-phrases: a count, or {@code all}. */
    private static int phrases(Options options) {
        String v = options.string("extra-phrases", null);
        if (v == null) {
            return 0;
        }
        if (v.equals("all")) {
            return TaskOptions.TrainingPart.ALL_PHRASES;
        }
        return nonNegative(options, "extra-phrases");
    }

    private static int repeats(Options options) {
        int n = options.integer("sentence-repeats", 1);
        if (n < 1) {
            throw new UsageException("option --sentence-repeats must be at least 1, got " + n);
        }
        return n;
    }

    private static int nonNegative(Options options, String name) {
        int n = options.integer(name, 0);
        if (n < 0) {
            throw new UsageException("option --" + name + " must be 0 or more, got " + n);
        }
        return n;
    }

    /** --min-freq and --max-vocab, refused with --tokenizer bpe (whose vocabulary is its symbols). */
    private static int vocabularyOption(Options options, String name, int fallback) {
        if (BytePairTokenizer.NAME.equals(options.string("tokenizer", null)) && options.string(name, null) != null) {
            throw new UsageException("option --" + name + " does not apply to --tokenizer bpe (its vocabulary is every "
                    + "symbol the merges make, so nothing is <unk>); size it with --merges or --vocab-size");
        }
        return options.integer(name, fallback);
    }

    /** --merges, --vocab-size and --separate-merges: only with --tokenizer bpe, and not both sizes. */
    private static TaskOptions.Subwords subwords(Options options, String tokenizer) {
        int merges = options.integer("merges", 0);
        int size = options.integer("vocab-size", 0);
        boolean separate = options.flag("separate-merges");
        boolean bpe = BytePairTokenizer.NAME.equals(tokenizer);
        if (!bpe && (merges != 0 || size != 0 || separate)) {
            throw new UsageException("options --merges, --vocab-size and --separate-merges need --tokenizer bpe");
        }
        if (merges < 0 || size < 0 || (merges > 0 && size > 0)) {
            throw new UsageException("give --merges N or --vocab-size N (positive), not both");
        }
        if (merges == 0 && size == 0) {
            merges = TaskOptions.Subwords.DEFAULT.merges();
        }
        return new TaskOptions.Subwords(merges, size, !separate);
    }
}
