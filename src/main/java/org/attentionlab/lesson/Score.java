package org.attentionlab.lesson;

import java.util.ArrayList;
import java.util.List;
import org.attentionlab.data.Example;
import org.attentionlab.data.Task;
import org.attentionlab.metrics.Accuracy;
import org.attentionlab.metrics.Bleu;
import org.attentionlab.metrics.ErrorRate;

/**
 * The free-running outputs of one decoding method on a list of examples, and what they score: whole
 * sequences right, tokens right position by position, the edit-distance error rate, corpus BLEU.
 */
public final class Score {
    private final String method;
    private final Task task;
    private final List<Example> examples;
    private final List<List<String>> references;
    private final List<List<String>> hypotheses;
    private final double seconds;

    Score(String method, Task task, List<Example> examples, List<List<String>> references,
          List<List<String>> hypotheses, double seconds) {
        this.method = method;
        this.task = task;
        this.examples = List.copyOf(examples);
        this.references = List.copyOf(references);
        this.hypotheses = List.copyOf(hypotheses);
        this.seconds = seconds;
    }

    /** How the outputs were decoded, e.g. "greedy" or "beam 4, alpha 0.6". */
    public String method() {
        return method;
    }

    public int size() {
        return examples.size();
    }

    /** Fraction of outputs equal to their reference, token for token. */
    public double sequenceAccuracy() {
        return Accuracy.sequences(references, hypotheses).rate();
    }

    /** Fraction of reference positions whose output token is right (position by position). */
    public double tokenAccuracy() {
        return Accuracy.tokens(references, hypotheses).rate();
    }

    /** Edit distance over reference length, summed over the examples (phoneme, character or word error rate). */
    public double errorRate() {
        return ErrorRate.of(references, hypotheses);
    }

    /** Corpus BLEU (0-100) of the output tokens against one reference each, as NLTK computes it. */
    public double bleu() {
        List<List<List<String>>> refs = new ArrayList<>(references.size());
        for (List<String> r : references) {
            refs.add(List.of(r));
        }
        return 100 * Bleu.corpus(refs, hypotheses);
    }

    /** Wall time of the decoding. */
    public double seconds() {
        return seconds;
    }

    public List<Example> examples() {
        return examples;
    }

    public List<List<String>> references() {
        return references;
    }

    public List<List<String>> hypotheses() {
        return hypotheses;
    }

    /** The output for example {@code i} as text (detokenised). */
    public String output(int i) {
        return task.scoringTokenizer().detokenize(hypotheses.get(i));
    }

    /** How many outputs contain {@code <unk>}: none can for a subword (bpe) task. */
    public int unknownOutputs() {
        String unk = org.attentionlab.data.Vocabulary.SPECIALS.get(org.attentionlab.data.Vocabulary.UNK);
        int n = 0;
        for (List<String> h : hypotheses) {
            n += h.contains(unk) ? 1 : 0;
        }
        return n;
    }

    /** Up to {@code n} examples as a table: source, reference, output, and whether it is right. */
    public ResultTable examples(int n) {
        ResultTable t = new ResultTable(method + ": examples").text("source").text("reference").text("output")
                .text("right");
        for (int i = 0; i < Math.min(n, examples.size()); i++) {
            t.row(examples.get(i).source(), examples.get(i).target(), output(i),
                    references.get(i).equals(hypotheses.get(i)) ? "yes" : "no");
        }
        return t;
    }

    @Override
    public String toString() {
        return method + " on " + size() + " examples: " + Unit.PERCENT.format(sequenceAccuracy()) + " right, token accuracy "
                + Unit.PERCENT.format(tokenAccuracy()) + ", error rate " + Unit.PERCENT.format(errorRate()) + " ("
                + Unit.SECONDS.format(seconds) + ")";
    }
}
