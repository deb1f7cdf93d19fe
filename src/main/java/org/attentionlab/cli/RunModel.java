package org.attentionlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.attentionlab.data.Task;
import org.attentionlab.data.Vocabulary;
import org.attentionlab.nn.Checkpoint;
import org.attentionlab.nn.Transformer;
import org.attentionlab.nn.TransformerConfig;

/**
 * How {@code decode} and {@code eval} load a run's model: the checkpoint's header is checked first
 * ({@link Checkpoint#check}), then the run's vocabularies against the model's embeddings, and only
 * then is the model built. {@code train --resume} checks the vocabularies the same way.
 *
 * <p>Why the vocabularies: a {@code tgt.vocab} shorter than the model's embedding went unnoticed,
 * and every id past its end came out as {@code <unk>} with exit code 0; a longer one would index
 * past the embedding. Either way the vocabulary is not the model's, and nothing it decodes means
 * anything.
 */
final class RunModel {
    /** The usage line of {@code --allow-nonfinite}. */
    static final String ALLOW_NONFINITE_USAGE =
            "  --allow-nonfinite  load a model whose weights hold NaN or infinity (refused by default), to inspect it";

    private RunModel() {
    }

    /** Reads {@code --allow-nonfinite}. */
    static Checkpoint.LoadOptions loadOptions(Options options) {
        Checkpoint.LoadOptions defaults = Checkpoint.LoadOptions.defaults();
        return options.flag("allow-nonfinite") ? defaults.allowingNonFinite() : defaults;
    }

    /** The model in {@code file}, once its header and the task's vocabularies agree with it. */
    static Transformer load(RunDirectory run, Path file, Task task, Checkpoint.LoadOptions options) throws IOException {
        checkVocabularies(run, file, Checkpoint.readConfig(file), task);
        Transformer model = Checkpoint.load(file, options);
        checkVocabularies(run, file, model.config(), task); // the same, unless the file was replaced meanwhile
        return model;
    }

    /** Refuses vocabularies whose sizes differ from the model's embeddings, naming both files. */
    static void checkVocabularies(RunDirectory run, Path file, TransformerConfig config, Task task) throws IOException {
        check(run.file(RunDirectory.SOURCE_VOCAB), task.sourceVocabulary(), config.srcVocab(), "source", "src_vocab",
                file);
        check(run.file(RunDirectory.TARGET_VOCAB), task.targetVocabulary(), config.tgtVocab(), "target", "tgt_vocab",
                file);
    }

    private static void check(Path vocabulary, Vocabulary v, int rows, String side, String key, Path file)
            throws IOException {
        if (v.size() == rows) {
            return;
        }
        throw new IOException(vocabulary + " has " + v.size() + " tokens but the " + side + " embedding of " + file
                + " has " + rows + " (" + key + "): the vocabulary does not belong to this model ("
                + (v.size() < rows ? "the model's " + side + " ids " + v.size() + " to " + (rows - 1) + " have no token"
                        + (side.equals("target") ? " and would decode as " + Vocabulary.SPECIALS.get(Vocabulary.UNK) : "")
                        : "its ids " + rows + " to " + (v.size() - 1) + " would index past the embedding") + ")");
    }
}
