package org.attentionlab.lesson;

import java.util.ArrayList;
import java.util.List;
import org.attentionlab.data.FeatureBatch;
import org.attentionlab.data.FeatureBatcher;
import org.attentionlab.data.FeaturePair;
import org.attentionlab.data.Vocabulary;
import org.attentionlab.decode.BeamSearch;
import org.attentionlab.decode.GreedyDecoder;
import org.attentionlab.metrics.EditDistance;
import org.attentionlab.nn.Transformer;

/**
 * What a model that reads feature vectors (spoken words' frames) writes for each of a list of
 * feature pairs, decoded free-running, against the reference transcripts: the character error rate
 * (edits over reference characters, summed over the list) and the share of transcripts right.
 *
 * <p>A transcript is its characters joined without separators, because each output token of a
 * speech model is one character (the space included).
 */
public final class Transcripts {
    /** Pairs decoded at once: large enough that batching pays, small enough for a modest heap. */
    private static final int BATCH = 64;

    private final String method;
    private final List<int[]> references;
    private final List<int[]> outputs;
    private final Vocabulary vocabulary;
    private final double seconds;

    Transcripts(String method, List<int[]> references, List<int[]> outputs, Vocabulary vocabulary, double seconds) {
        if (references.size() != outputs.size()) {
            throw new IllegalArgumentException(references.size() + " references but " + outputs.size() + " outputs");
        }
        this.method = method;
        this.references = List.copyOf(references);
        this.outputs = List.copyOf(outputs);
        this.vocabulary = vocabulary;
        this.seconds = seconds;
    }

    /** Greedy decoding (with the key/value cache), at most {@code maxTokens} characters a transcript. */
    public static Transcripts greedy(Transformer model, Vocabulary vocabulary, List<FeaturePair> pairs, int maxTokens) {
        GreedyDecoder greedy = new GreedyDecoder(Vocabulary.BOS, Vocabulary.END, true);
        return decode("greedy", vocabulary, pairs, maxTokens,
                (b, caps) -> greedy.decode(model, b.features(), b.srcKeyPadding(), caps));
    }

    /** Beam search of width {@code beam} with length penalty {@code alpha} (GNMT's), as {@link #greedy}. */
    public static Transcripts beam(Transformer model, Vocabulary vocabulary, List<FeaturePair> pairs, int beam,
                                   double alpha, int maxTokens) {
        BeamSearch search = new BeamSearch(beam, alpha, Vocabulary.BOS, Vocabulary.END);
        return decode("beam " + beam + ", alpha " + alpha, vocabulary, pairs, maxTokens,
                (b, caps) -> search.decode(model, b.features(), b.srcKeyPadding(), caps));
    }

    private interface BatchDecoder {
        int[][] decode(FeatureBatch batch, int[] caps);
    }

    private static Transcripts decode(String method, Vocabulary vocabulary, List<FeaturePair> pairs, int maxTokens,
                                      BatchDecoder decoder) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no feature pairs to decode");
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, got " + maxTokens);
        }
        long t0 = System.nanoTime();
        List<int[]> refs = new ArrayList<>(pairs.size());
        List<int[]> outs = new ArrayList<>(pairs.size());
        for (FeatureBatch batch : FeatureBatcher.inOrder(pairs, BATCH)) {
            int[] caps = new int[batch.indices().length];
            java.util.Arrays.fill(caps, maxTokens);
            int[][] out = decoder.decode(batch, caps);
            for (int r = 0; r < out.length; r++) {
                refs.add(pairs.get(batch.indices()[r]).target());
                outs.add(out[r]);
            }
        }
        return new Transcripts(method, refs, outs, vocabulary, (System.nanoTime() - t0) / 1e9);
    }

    /** How the transcripts were decoded, e.g. "greedy" or "beam 4, alpha 0.6". */
    public String method() {
        return method;
    }

    public int size() {
        return references.size();
    }

    /** Character edits (Levenshtein) over reference characters, summed over every transcript. */
    public double characterErrorRate() {
        long edits = 0;
        long chars = 0;
        for (int i = 0; i < size(); i++) {
            edits += EditDistance.levenshtein(references.get(i), outputs.get(i));
            chars += references.get(i).length;
        }
        return chars == 0 ? 0 : (double) edits / chars;
    }

    /** Share of transcripts equal to their reference, character for character. */
    public double transcriptAccuracy() {
        int right = 0;
        for (int i = 0; i < size(); i++) {
            right += java.util.Arrays.equals(references.get(i), outputs.get(i)) ? 1 : 0;
        }
        return (double) right / size();
    }

    /** The reference of pair {@code i} as text. */
    public String reference(int i) {
        return String.join("", vocabulary.decode(references.get(i)));
    }

    /** The output for pair {@code i} as text. */
    public String output(int i) {
        return String.join("", vocabulary.decode(outputs.get(i)));
    }

    /** Wall time of the decoding. */
    public double seconds() {
        return seconds;
    }

    /** Up to {@code n} transcripts as a table: reference, output, whether it is right. */
    public ResultTable examples(int n) {
        ResultTable t = new ResultTable(method + ": transcripts").text("spoken").text("written").text("right");
        for (int i = 0; i < Math.min(n, size()); i++) {
            t.row(reference(i), output(i), reference(i).equals(output(i)) ? "yes" : "no");
        }
        return t;
    }

    @Override
    public String toString() {
        return method + " on " + size() + " utterances: character error rate "
                + Unit.PERCENT.format(characterErrorRate()) + ", " + Unit.PERCENT.format(transcriptAccuracy())
                + " of transcripts right (" + Unit.SECONDS.format(seconds) + ")";
    }
}
