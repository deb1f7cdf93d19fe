package org.attentionlab.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.attentionlab.data.Batch;
import org.attentionlab.data.Batcher;
import org.attentionlab.data.Example;
import org.attentionlab.data.BytePairTokenizer;
import org.attentionlab.data.Task;
import org.attentionlab.data.Tokenizer;
import org.attentionlab.data.Vocabulary;
import org.attentionlab.metrics.Accuracy;
import org.attentionlab.metrics.Bleu;
import org.attentionlab.metrics.ErrorRate;
import org.attentionlab.nn.Transformer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Free-running scores of a model on examples: decode every source, compare the output tokens with
 * the reference tokens. Sequence accuracy (the whole output right), position-wise token accuracy,
 * the edit-distance error rate named for what the tokens are (phonemes for g2p, characters,
 * words), and corpus BLEU on tokens for word-level targets other than phones.
 *
 * <p>Subword (bpe) outputs are first detokenised and split into the task's words
 * ({@link Task#scoringTokens}); every score then counts words, so splitting a word into pieces
 * neither inflates BLEU (more n-grams to match) nor changes what the figures mean, and they compare
 * with the word-level runs. The report also counts outputs that contain {@code <unk>}.
 */
final class Scoring {
    /** The scores of one decoding run; {@code bleu} is NaN where BLEU does not fit the task. */
    record Report(int examples, double sequenceAccuracy, double tokenAccuracy, String errorName, double errorRate,
                  double bleu, double seconds, List<String> mistakes, int unknownOutputs, int cutAtPositionLimit) {
        void print(PrintStream out) {
            for (String m : mistakes) {
                out.println(m);
            }
            out.printf("examples            %d%n", examples);
            out.printf("sequence accuracy   %.2f%%%n", 100 * sequenceAccuracy);
            out.printf("token accuracy      %.2f%%%n", 100 * tokenAccuracy);
            out.printf("%-19s %.2f%%%n", errorName, 100 * errorRate);
            if (!Double.isNaN(bleu)) {
                out.printf("BLEU                %.2f%n", bleu);
            }
            out.printf("outputs with <unk>  %d%n", unknownOutputs);
            if (cutAtPositionLimit > 0) {
                out.printf("outputs cut at max_len  %d (they reached the model's last position before END or the cap)%n",
                        cutAtPositionLimit);
            }
            out.printf("decoding time       %.1f s%n", seconds);
        }
    }

    private Scoring() {
    }

    static Report score(Transformer model, Task task, List<Example> examples, Decoding.Settings settings, int batchSize) {
        return score(model, task, examples, settings, batchSize, 0);
    }

    /** As above, keeping the first {@code showMistakes} wrong outputs as "source / reference / output" lines. */
    static Report score(Transformer model, Task task, List<Example> examples, Decoding.Settings settings, int batchSize,
                        int showMistakes) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no examples to score");
        }
        long started = System.nanoTime();
        List<Batch> batches = Batcher.inOrder(task.encode(examples), batchSize);
        List<List<String>> hypotheses = new ArrayList<>(examples.size());
        int cut = 0;
        for (int i = 0; i < examples.size(); i++) {
            hypotheses.add(null);
        }
        for (Batch batch : batches) {
            INDArray keep = batch.srcKeyPadding();
            if (keep.dataType() != model.dataType()) {
                keep = keep.castTo(model.dataType());
            }
            int[] lengths = new int[batch.size()];
            for (int b = 0; b < lengths.length; b++) {
                for (float m : batch.srcMask()[b]) {
                    lengths[b] += m != 0 ? 1 : 0;
                }
            }
            int[][] out = Decoding.decode(model, settings, batch.src(), keep, lengths);
            cut += Decoding.stoppedAtPositionLimit(model, settings, lengths, out);
            for (int b = 0; b < out.length; b++) {
                hypotheses.set(batch.indices()[b], task.targetTokens(out[b]));
            }
        }
        int unknown = 0;
        for (List<String> h : hypotheses) {
            unknown += h.contains(Vocabulary.SPECIALS.get(Vocabulary.UNK)) ? 1 : 0;
        }
        List<List<String>> references = new ArrayList<>(examples.size());
        for (Example e : examples) {
            references.add(task.targetTokenizer().tokenize(e.target()));
        }
        references.replaceAll(r -> scored(task, r));
        hypotheses.replaceAll(h -> scored(task, h));
        double seconds = (System.nanoTime() - started) / 1e9;
        List<String> mistakes = new ArrayList<>();
        for (int i = 0; i < examples.size() && mistakes.size() < showMistakes; i++) {
            if (!references.get(i).equals(hypotheses.get(i))) {
                Tokenizer shown = task.scoringTokenizer();
                mistakes.add("wrong: " + examples.get(i).source() + "  ->  " + shown.detokenize(hypotheses.get(i))
                        + "   (reference " + examples.get(i).target() + ")");
            }
        }
        return new Report(examples.size(), Accuracy.sequences(references, hypotheses).rate(),
                Accuracy.tokens(references, hypotheses).rate(), errorName(task), ErrorRate.of(references, hypotheses),
                bleuFits(task) ? 100 * Bleu.corpus(wrap(references), hypotheses) : Double.NaN, seconds,
                mistakes, unknown, cut);
    }

    /** The tokens a target is scored on: its tokens, or for subwords the words of its detokenised text. */
    static List<String> scored(Task task, List<String> tokens) {
        return task.scoringTokens(tokens);
    }

    /** Whether outputs are subwords, to be scored as words. */
    static boolean subwords(Task task) {
        return task.targetTokenizer() instanceof BytePairTokenizer;
    }

    static String errorName(Task task) {
        if (task.name().equals("g2p")) {
            return "phoneme error rate";
        }
        return task.targetTokenizer().name().equals("char") ? "char error rate" : "word error rate"; // bpe: words
    }

    /** BLEU on tokens for word-level targets; phones (g2p) and characters are scored by error rate instead. */
    static boolean bleuFits(Task task) {
        return !task.name().equals("g2p") && !task.targetTokenizer().name().equals("char");
    }

    private static List<List<List<String>>> wrap(List<List<String>> references) {
        List<List<List<String>>> out = new ArrayList<>(references.size());
        for (List<String> r : references) {
            out.add(List.of(r));
        }
        return out;
    }
}
