package org.attentionlab.metrics;

import java.util.List;
import java.util.Objects;

/**
 * Levenshtein distance between token sequences: the fewest insertions, deletions and substitutions,
 * each costing 1, that turn one sequence into the other.
 */
public final class EditDistance {
    private EditDistance() {
    }

    public static int levenshtein(List<?> a, List<?> b) {
        // Two rows of the dynamic programme: prev[j] = distance(a[0..i), b[0..j)).
        int[] prev = new int[b.size() + 1];
        int[] cur = new int[b.size() + 1];
        for (int j = 0; j <= b.size(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.size(); i++) {
            cur[0] = i;
            Object ai = a.get(i - 1);
            for (int j = 1; j <= b.size(); j++) {
                int substitute = prev[j - 1] + (Objects.equals(ai, b.get(j - 1)) ? 0 : 1);
                cur[j] = Math.min(substitute, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.size()];
    }

    public static int levenshtein(int[] a, int[] b) {
        int[] prev = new int[b.length + 1];
        int[] cur = new int[b.length + 1];
        for (int j = 0; j <= b.length; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length; i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length; j++) {
                int substitute = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                cur[j] = Math.min(substitute, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length];
    }
}
