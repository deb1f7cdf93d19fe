package org.attentionlab.lesson;

import java.util.List;
import java.util.stream.IntStream;
import org.attentionlab.data.Example;
import org.attentionlab.data.Splits;
import org.attentionlab.data.SyntheticTask;
import org.attentionlab.data.Task;
import org.attentionlab.data.Tokenizer;
import org.attentionlab.nn.Transformer;

/**
 * A copy task that only the decoder's self-attention can solve: the source is one dummy token
 * {@value #SOURCE}, so cross-attention carries nothing, and the target is a block of random symbols
 * repeated up to a length n ("k3bk3bk3" for a block of 3 and n = 8). After the first block every
 * symbol equals the one a block back, a fixed relative offset at any length.
 */
public final class SelfCopy {
    /** The source of every example. */
    public static final String SOURCE = ".";

    private SelfCopy() {
    }

    /**
     * For every length n in {@code from..to}, {@code count} strings: distinct blocks of {@code block}
     * symbols ({@link SyntheticTask#COPY}'s, seeded by {@code seed * 100 + n}) repeated to length n.
     */
    public static List<Example> strings(int block, int from, int to, int count, long seed) {
        if (block < 1 || from < block || to < from) {
            throw new IllegalArgumentException("need 1 <= block <= from <= to, got block=" + block + " from=" + from
                    + " to=" + to);
        }
        return IntStream.rangeClosed(from, to).boxed()
                .flatMap(n -> SyntheticTask.COPY.generate(count, block, block, seed * 100 + n).stream()
                        .map(e -> new Example(SOURCE, e.source().repeat(n).substring(0, n))))
                .toList();
    }

    /**
     * The task of {@link #strings}, character tokens, 10 % of it held out for validation (split by
     * {@code seed}), vocabularies from the training part.
     */
    public static Task task(int block, int from, int to, int count, long seed) {
        return Task.fromTraining("self-copy", Tokenizer.chars(), Tokenizer.chars(),
                Splits.of(strings(block, from, to, count, seed), 0.1, 0.0, seed), 1, 0, false);
    }

    /**
     * Teacher-forced accuracy on the symbols after the first block (output positions
     * {@code block .. n-1}; the first block is random and END is left out) of strings that all have
     * the same length n.
     */
    public static double accuracy(Transformer model, Task task, List<Example> strings, int block) {
        int n = strings.get(0).target().length();
        if (strings.stream().anyMatch(e -> e.target().length() != n) || n <= block) {
            throw new IllegalArgumentException("need strings of one length longer than the block (" + block + ")");
        }
        PositionAccuracy a = PositionAccuracy.teacherForced(model, task.encode(strings));
        return 1 - IntStream.range(block, n).mapToDouble(a::errorAt).average().getAsDouble();
    }
}
