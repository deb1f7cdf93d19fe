package org.attentionlab.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Learns a {@link BytePairModel} from training texts: Sennrich et al.'s algorithm, which counts
 * adjacent symbol pairs over the distinct words weighted by frequency and merges the most frequent
 * pair, again and again.
 *
 * <p><b>Ties</b> between equally frequent pairs go to the smallest {@code (left, right)} in code-point
 * order, so the same texts and settings always give the same merges (src/test/python/bpe_reference.py
 * is the plain algorithm with the same rule; the tests compare the two). Learning stops early when no
 * pair occurs twice.
 *
 * <p><b>Speed.</b> Recounting every pair after every merge costs (corpus size x merges). Instead the
 * pair counts are kept up to date: a merge touches only the words that hold its pair (an index from
 * pair to words), and only their pairs' counts change. The most frequent pair comes from a priority
 * queue holding a fresh entry for every changed count; entries whose count is no longer current are
 * skipped when they surface.
 */
public final class BytePairLearner {
    private BytePairLearner() {
    }

    /**
     * Learns from {@code texts} (split into words on white space).
     *
     * @param merges         the most merges to learn (0: limited by {@code vocabularySize} only)
     * @param vocabularySize stop when the vocabulary (the 4 specials plus {@link BytePairModel#inventory})
     *                       would reach this size; 0: limited by {@code merges} only
     */
    public static BytePairModel learn(Iterable<String> texts, int merges, int vocabularySize) {
        if (merges < 0 || vocabularySize < 0 || (merges == 0 && vocabularySize == 0)) {
            throw new IllegalArgumentException("give a number of merges or a vocabulary size (positive), got "
                    + merges + " and " + vocabularySize);
        }
        Map<String, Long> counts = new TreeMap<>(); // sorted: the same texts give the same symbol ids
        TreeSet<String> alphabet = new TreeSet<>(BytePairModel::compareCodePoints);
        for (String text : texts) {
            for (String w : BytePairTokenizer.words(text)) {
                counts.merge(w, 1L, Long::sum);
            }
        }
        for (String w : counts.keySet()) {
            w.codePoints().filter(BytePairModel::canBeSymbol).forEach(cp -> alphabet.add(Character.toString(cp)));
        }
        State s = new State(counts, alphabet);
        List<BytePairModel.Pair> learned = new ArrayList<>();
        Set<String> inventory = new HashSet<>(new BytePairModel(alphabet, List.of()).inventory());
        int specials = Vocabulary.SPECIALS.size();
        if (vocabularySize > 0 && vocabularySize < specials + inventory.size()) {
            throw new IllegalArgumentException("vocabulary size " + vocabularySize + " is below the " + (specials
                    + inventory.size()) + " symbols needed without merges (specials, bytes and characters)");
        }
        while ((merges == 0 || learned.size() < merges)
                && (vocabularySize == 0 || specials + inventory.size() < vocabularySize)) {
            long[] best = s.best();
            if (best == null) {
                break;
            }
            BytePairModel.Pair p = new BytePairModel.Pair(s.names.get((int) best[1]), s.names.get((int) best[2]));
            learned.add(p);
            inventory.add(p.joined());
            s.merge((int) best[1], (int) best[2]);
        }
        return new BytePairModel(alphabet, learned);
    }

    /** The words as symbol ids, the pair counts, the index from pair to words, and the queue. */
    private static final class State {
        final List<String> names = new ArrayList<>();
        final Map<String, Integer> ids = new HashMap<>();
        final int[][] words;
        final long[] frequency;
        final Map<Long, Long> pairCounts = new HashMap<>();
        final Map<Long, List<Integer>> where = new HashMap<>();
        /** Entries {count, left, right}: most frequent first, then smallest left, then smallest right. */
        final PriorityQueue<long[]> queue = new PriorityQueue<>((a, b) -> {
            if (a[0] != b[0]) {
                return Long.compare(b[0], a[0]);
            }
            int c = BytePairModel.compareCodePoints(names.get((int) a[1]), names.get((int) b[1]));
            return c != 0 ? c : BytePairModel.compareCodePoints(names.get((int) a[2]), names.get((int) b[2]));
        });
        final Set<Long> changed = new HashSet<>();
        final int[] seen;
        int stamp;

        State(Map<String, Long> counts, Set<String> alphabet) {
            words = new int[counts.size()][];
            frequency = new long[counts.size()];
            seen = new int[counts.size()];
            int w = 0;
            for (Map.Entry<String, Long> e : counts.entrySet()) {
                List<String> base = BytePairModel.baseSymbols(e.getKey(), alphabet::contains);
                words[w] = new int[base.size()];
                for (int i = 0; i < base.size(); i++) {
                    words[w][i] = id(base.get(i));
                }
                frequency[w] = e.getValue();
                count(w, +1);
                w++;
            }
            flush();
        }

        int id(String symbol) {
            Integer id = ids.get(symbol);
            if (id == null) {
                id = names.size();
                names.add(symbol);
                ids.put(symbol, id);
            }
            return id;
        }

        static long key(int left, int right) {
            return ((long) left << 32) | (right & 0xFFFFFFFFL);
        }

        /** Adds (sign +1) or removes (-1) the pairs of word {@code w} to the counts. */
        void count(int w, int sign) {
            int[] s = words[w];
            for (int i = 0; i + 1 < s.length; i++) {
                long k = key(s[i], s[i + 1]);
                pairCounts.merge(k, sign * frequency[w], Long::sum);
                changed.add(k);
                if (sign > 0) {
                    where.computeIfAbsent(k, x -> new ArrayList<>()).add(w);
                }
            }
        }

        /** Queues the current count of every pair whose count changed. */
        void flush() {
            for (long k : changed) {
                Long c = pairCounts.get(k);
                if (c != null && c <= 0) {
                    pairCounts.remove(k);
                } else if (c != null) {
                    queue.add(new long[] {c, k >>> 32, (int) k});
                }
            }
            changed.clear();
        }

        /** {count, left, right} of the pair to merge next, or null when no pair occurs twice. */
        long[] best() {
            while (!queue.isEmpty()) {
                long[] e = queue.poll();
                Long c = pairCounts.get(key((int) e[1], (int) e[2]));
                if (c != null && c == e[0]) {
                    return c >= 2 ? e : null;
                }
            }
            return null;
        }

        /** Replaces every occurrence of (left, right), left to right, in every word that holds it. */
        void merge(int left, int right) {
            long k = key(left, right);
            int joined = id(names.get(left) + names.get(right));
            stamp++;
            for (int w : where.remove(k)) {
                if (seen[w] == stamp) {
                    continue; // listed twice: the pair occurred twice in it
                }
                seen[w] = stamp;
                int[] s = words[w];
                int[] out = new int[s.length];
                int n = 0;
                for (int i = 0; i < s.length; i++) {
                    if (i + 1 < s.length && s[i] == left && s[i + 1] == right) {
                        out[n++] = joined;
                        i++;
                    } else {
                        out[n++] = s[i];
                    }
                }
                if (n == s.length) {
                    continue; // a stale index entry: an earlier merge took the pair away
                }
                count(w, -1);
                words[w] = java.util.Arrays.copyOf(out, n);
                count(w, +1);
            }
            flush();
        }
    }
}
