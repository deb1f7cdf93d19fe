package org.attentionlab.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BleuTest {

    /** One line of bleu_nltk.tsv (see make_bleu_fixture.py beside it). */
    record Case(String name, double expected, List<List<List<String>>> refs, List<List<String>> hyps) {
    }

    static List<Case> fixture() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = BleuTest.class.getResourceAsStream("/metrics/bleu_nltk.tsv");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                List<List<String>> hyps = new ArrayList<>();
                for (String h : f[2].split("\\|\\|\\|", -1)) {
                    hyps.add(Bleu.words(h));
                }
                List<List<List<String>>> refs = new ArrayList<>();
                for (String group : f[3].split("\\|\\|\\|", -1)) {
                    List<List<String>> rs = new ArrayList<>();
                    for (String ref : group.split("##", -1)) {
                        rs.add(Bleu.words(ref));
                    }
                    refs.add(rs);
                }
                cases.add(new Case(f[0], Double.parseDouble(f[1]), refs, hyps));
            }
        }
        return cases;
    }

    @Test
    void equalsNltkCorpusBleuOnEveryFixtureCase() throws IOException {
        List<Case> cases = fixture();
        assertTrue(cases.size() >= 15, "fixture has " + cases.size() + " cases");
        for (Case c : cases) {
            double got = Bleu.corpus(c.refs(), c.hyps());
            // Relative tolerance: NLTK's tiny no-match scores (1e-154) must agree in their digits too.
            double tolerance = 1e-12 * Math.abs(c.expected());
            assertEquals(c.expected(), got, tolerance, c.name());
        }
    }

    @Test
    void fixtureCoversTheEdgeCases() throws IOException {
        List<String> names = fixture().stream().map(Case::name).toList();
        for (String edge : List.of("identical_corpora", "hypothesis_shorter_than_reference", "zero_fourgram_matches",
                "zero_unigram_matches", "empty_hypothesis_in_corpus", "multiple_references")) {
            assertTrue(names.contains(edge), edge);
        }
    }

    @Test
    void identicalCorporaScoreOne() {
        List<String> corpus = List.of("the cat sat on the mat", "a b c d e");
        assertEquals(100.0, Bleu.bleu(corpus, corpus), 1e-12);
    }

    @Test
    void noSharedWordScoresExactlyZero() {
        assertEquals(0.0, Bleu.bleu(List.of("the cat sat on the mat"), List.of("dogs run")));
    }

    @Test
    void missingFourGramMatchesGiveAVanishingScoreLikeNltk() {
        double score = Bleu.bleu(List.of("the cat sat on the mat"), List.of("the cat on sat the mat"));
        assertTrue(score > 0 && score < 1e-100, "score " + score);
    }

    @Test
    void shortHypothesisIsPenalisedByBrevity() {
        // All n-grams of the hypothesis match; only the brevity penalty exp(1 - 10/7) lowers it.
        double score = Bleu.corpus(List.of(List.of(Bleu.words("a b c d e f g h i j"))),
                List.of(Bleu.words("a b c d e f g")));
        assertEquals(Math.exp(1 - 10.0 / 7), score, 1e-12);
    }

    @Test
    void rejectsUnpairedCorpora() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Bleu.bleu(List.of("a b"), List.of("a b", "c d")));
        assertTrue(e.getMessage().contains("1 reference") && e.getMessage().contains("2 hypotheses"), e.getMessage());
    }
}
