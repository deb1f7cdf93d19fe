package org.attentionlab.lesson;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.attentionlab.data.FeaturePair;
import org.attentionlab.data.Vocabulary;
import org.attentionlab.decode.BeamSearch;
import org.attentionlab.decode.GreedyDecoder;
import org.attentionlab.nn.Transformer;
import org.attentionlab.nn.TransformerConfig;
import org.junit.jupiter.api.Test;

/** Character error rates of decoded feature sources, and alignments of cross-attention matrices. */
class TranscriptsAndAlignmentTest {
    static final Vocabulary VOCAB = Vocabulary.of(List.of(" ", "a", "b", "c"));

    static int[] ids(String s) {
        return s.chars().map(c -> VOCAB.id(String.valueOf((char) c))).toArray();
    }

    @Test
    void characterErrorRateIsEditsOverReferenceCharacters() {
        // "abc" -> "abd"... : one substitution; "ab a" -> "ab": two deletions; "cab" right
        Transcripts t = new Transcripts("test", List.of(ids("abc"), ids("ab a"), ids("cab")),
                List.of(ids("abb"), ids("ab"), ids("cab")), VOCAB, 0);
        assertEquals(3.0 / 10, t.characterErrorRate(), 1e-12);
        assertEquals(1.0 / 3, t.transcriptAccuracy(), 1e-12);
        assertEquals("ab a", t.reference(1));
        assertEquals("ab", t.output(1));
        assertEquals(3, t.examples(5).rowCount());
        assertEquals("no", t.examples(5).get(0, "right"));
        assertEquals("yes", t.examples(5).get(2, "right"));
    }

    static List<FeaturePair> noise(int n, int f) {
        SplittableRandom r = new SplittableRandom(3);
        List<FeaturePair> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[][] x = new float[r.nextInt(3, 9)][f];
            for (float[] row : x) {
                for (int k = 0; k < f; k++) {
                    row[k] = (float) r.nextGaussian();
                }
            }
            out.add(new FeaturePair(x, ids(i % 2 == 0 ? "ab" : "c a")));
        }
        return out;
    }

    @Test
    void batchedDecodingWritesWhatOneUtteranceAtATimeWrites() {
        Transformer model = new Transformer(TransformerConfig.builder().dModel(16).heads(2).dFf(32).layers(1)
                .tgtVocab(VOCAB.size()).sourceFeatures(5).maxLen(16).dropout(0).build(), 7L);
        model.train(false);
        List<FeaturePair> pairs = noise(70, 5); // more than one batch of 64
        Transcripts greedy = Transcripts.greedy(model, VOCAB, pairs, 6);
        Transcripts beam = Transcripts.beam(model, VOCAB, pairs, 2, 0.6, 6);
        assertEquals(70, greedy.size());
        for (int i : new int[] {0, 1, 65, 69}) {
            int[] one = new GreedyDecoder(Vocabulary.BOS, Vocabulary.END, true).decode(model, pairs.get(i).features(), 6);
            assertEquals(String.join("", VOCAB.decode(one)), greedy.output(i), "utterance " + i);
            int[] b = new BeamSearch(2, 0.6, Vocabulary.BOS, Vocabulary.END).decode(model, pairs.get(i).features(), 6);
            assertEquals(String.join("", VOCAB.decode(b)), beam.output(i), "utterance " + i);
            assertEquals(i % 2 == 0 ? "ab" : "c a", greedy.reference(i));
        }
        assertTrue(greedy.characterErrorRate() > 0, "an untrained model makes errors: " + greedy);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Transcripts.greedy(model, VOCAB, List.of(), 6));
        assertTrue(e.getMessage().contains("no feature pairs"), e.getMessage());
    }

    @Test
    void alignmentCountsPeaksThatMoveForwardAndLeavesEndOut() {
        double[][] diagonal = {{0.8, 0.1, 0.1}, {0.1, 0.7, 0.2}, {0.0, 0.1, 0.9}, {1, 0, 0}};
        Alignment a = Alignment.of(diagonal);
        assertEquals(3, a.characters());
        assertEquals(2, a.forwardSteps());
        assertEquals(1.0, a.forwardShare());
        assertEquals((0.8 + 0.7 + 0.9) / 3, a.meanPeakWeight(), 1e-12);
        double[][] back = {{0.1, 0.1, 0.8}, {0.9, 0.05, 0.05}, {0.2, 0.6, 0.2}, {0, 0, 1}};
        Alignment b = Alignment.of(back);
        assertEquals(1, b.forwardSteps(), "2 -> 0 moves back, 0 -> 1 forward");
        assertEquals(0.5, b.forwardShare());
        assertThrows(IllegalArgumentException.class, () -> Alignment.of(new double[][] {{1}}));
    }

    @Test
    void alignmentOverPairsSumsEveryCharacter() {
        Transformer model = new Transformer(TransformerConfig.builder().dModel(16).heads(2).dFf(32).layers(1)
                .tgtVocab(VOCAB.size()).sourceFeatures(5).maxLen(16).dropout(0).build(), 7L);
        List<FeaturePair> pairs = noise(40, 5);
        Alignment a = Alignment.over(model, VOCAB, pairs, 0);
        assertEquals(20 * 2 + 20 * 3, a.characters());
        assertEquals(20 * 1 + 20 * 2, a.steps());
        assertTrue(a.meanPeakWeight() > 0 && a.meanPeakWeight() <= 1, a.toString());
    }
}
