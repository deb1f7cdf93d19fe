package org.attentionlab.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Corpus BLEU (Papineni et al. 2002) with 4-grams, uniform weights, the brevity penalty and no
 * smoothing, computed exactly as NLTK's {@code nltk.translate.bleu_score.corpus_bleu} with its
 * default arguments (checked against NLTK 3.8 by the test's fixture).
 *
 * <p>For each n = 1..4, clipped n-gram matches and hypothesis n-gram counts are summed over the
 * corpus (micro-average), each hypothesis counting at least 1 in the denominator, as NLTK does. A
 * hypothesis n-gram's matches are clipped at its largest count in any one reference. The
 * brevity penalty compares the total hypothesis length c with the total of, for each hypothesis, the
 * reference length closest to it (the shorter on a tie), r: BP = 1 if c > r, else exp(1 - r/c), and 0
 * if c = 0. Then BLEU = BP * exp(sum_n log(p_n) / 4).
 *
 * <p>Two NLTK behaviours kept on purpose, so scores agree: with no unigram match at all the score is
 * exactly 0; an order with no match (but some unigram matches) has its precision replaced by the
 * smallest normal double (2.2e-308), so the score is not 0 but about 1e-77 or less, which NLTK
 * reports with a warning and which is 0 in any printed precision.
 */
public final class Bleu {
    private static final int MAX_N = 4;

    private Bleu() {
    }

    /**
     * Corpus BLEU in [0, 1] of token sequences.
     *
     * @param references for each hypothesis, one or more reference token sequences
     * @param hypotheses the hypotheses, paired with {@code references} by index
     */
    public static double corpus(List<? extends List<? extends List<String>>> references,
                                List<? extends List<String>> hypotheses) {
        if (references.size() != hypotheses.size()) {
            throw new IllegalArgumentException("references and hypotheses must pair up, got " + references.size()
                    + " reference lists and " + hypotheses.size() + " hypotheses");
        }
        long[] matches = new long[MAX_N + 1];
        long[] totals = new long[MAX_N + 1];
        long hypLength = 0;
        long refLength = 0;
        for (int i = 0; i < hypotheses.size(); i++) {
            List<? extends List<String>> refs = references.get(i);
            List<String> hyp = hypotheses.get(i);
            if (refs.isEmpty()) {
                throw new IllegalArgumentException("hypothesis " + i + " has no reference");
            }
            for (int n = 1; n <= MAX_N; n++) {
                Map<List<String>, Integer> hypCounts = ngrams(hyp, n);
                Map<List<String>, Integer> maxRef = new HashMap<>();
                for (List<String> ref : refs) {
                    for (Map.Entry<List<String>, Integer> e : ngrams(ref, n).entrySet()) {
                        if (hypCounts.containsKey(e.getKey())) {
                            maxRef.merge(e.getKey(), e.getValue(), Math::max);
                        }
                    }
                }
                long clipped = 0;
                long count = 0;
                for (Map.Entry<List<String>, Integer> e : hypCounts.entrySet()) {
                    clipped += Math.min(e.getValue(), maxRef.getOrDefault(e.getKey(), 0));
                    count += e.getValue();
                }
                matches[n] += clipped;
                totals[n] += Math.max(1, count); // NLTK: denominator = max(1, hypothesis n-grams)
            }
            hypLength += hyp.size();
            refLength += closestReferenceLength(refs, hyp.size());
        }
        if (matches[1] == 0) {
            return 0;
        }
        double brevity = hypLength > refLength ? 1 : hypLength == 0 ? 0 : Math.exp(1 - (double) refLength / hypLength);
        // Sum of the weighted logs with Neumaier's compensation (NLTK uses the exact math.fsum).
        double sum = 0;
        double compensation = 0;
        for (int n = 1; n <= MAX_N; n++) {
            double p = matches[n] == 0 ? Double.MIN_NORMAL : (double) matches[n] / totals[n];
            double term = Math.log(p) / MAX_N;
            double t = sum + term;
            compensation += Math.abs(sum) >= Math.abs(term) ? (sum - t) + term : (term - t) + sum;
            sum = t;
        }
        return brevity * Math.exp(sum + compensation);
    }

    /**
     * Corpus BLEU on a 0-100 scale of whitespace-tokenised sentences, one reference each, as the
     * command line reports it.
     */
    public static double bleu(List<String> references, List<String> hypotheses) {
        List<List<List<String>>> refs = new ArrayList<>(references.size());
        for (String r : references) {
            refs.add(List.of(words(r)));
        }
        List<List<String>> hyps = new ArrayList<>(hypotheses.size());
        for (String h : hypotheses) {
            hyps.add(words(h));
        }
        return 100 * corpus(refs, hyps);
    }

    static List<String> words(String s) {
        String t = s.strip();
        return t.isEmpty() ? List.of() : List.of(t.split("\\s+"));
    }

    /** The length of the reference closest to {@code hypLength}, the shorter one on a tie. */
    static int closestReferenceLength(List<? extends List<String>> refs, int hypLength) {
        int best = -1;
        for (List<String> r : refs) {
            int d = Math.abs(r.size() - hypLength);
            int bestD = best < 0 ? Integer.MAX_VALUE : Math.abs(best - hypLength);
            if (d < bestD || (d == bestD && r.size() < best)) {
                best = r.size();
            }
        }
        return best;
    }

    static Map<List<String>, Integer> ngrams(List<String> tokens, int n) {
        Map<List<String>, Integer> counts = new HashMap<>();
        for (int i = 0; i + n <= tokens.size(); i++) {
            counts.merge(List.copyOf(tokens.subList(i, i + n)), 1, Integer::sum);
        }
        return counts;
    }
}
