package org.attentionlab.cli;

import java.util.Locale;
import org.attentionlab.data.Vocabulary;
import org.attentionlab.decode.BeamSearch;
import org.attentionlab.decode.GreedyDecoder;
import org.attentionlab.decode.PredictedLengthDecoder;
import org.attentionlab.decode.LengthCap;
import org.attentionlab.nn.Transformer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How {@code decode}, {@code eval} and the end of {@code train} turn sources into outputs: greedy
 * or beam search, and which strategy decides the output length.
 *
 * <p>{@code --length end} (the default) decodes until the model emits END or the cap
 * {@code a * src_len + b} is reached. {@code --length predicted} needs a model trained with a
 * length head ({@code train --length-classes N}) and emits exactly the length the head predicts.
 */
final class Decoding {
    /** Which strategy knows the output length. */
    enum Length {
        END, PREDICTED;

        static Length parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "end" -> END;
                case "predicted" -> PREDICTED;
                default -> throw new UsageException("option --length must be end or predicted, got '" + s + "'");
            };
        }
    }

    /** Default cap: twice the source length plus 10 tokens, room for every built-in task. */
    static final double DEFAULT_CAP_A = 2.0;
    static final int DEFAULT_CAP_B = 10;

    /**
     * The widest beam the command line accepts. Each step of beam search runs K rows per source
     * through the decoder and keeps K key/value caches, so time and memory grow with K (a beam of
     * 100,000 ran for minutes on one input); and wider beams are known to translate worse (Koehn and
     * Knowles 2017, "Six Challenges for Neural Machine Translation"), the paper used 4.
     */
    static final int MAX_BEAM = 100;

    /** Usage lines shared by the commands that decode. */
    static final String USAGE = String.join("\n",
            "  --beam K           beam search with K beams, 1 to " + MAX_BEAM + " (default 1: greedy)",
            "  --alpha A          beam search length penalty ((5+|Y|)/6)^A of Wu et al. (default 0.6)",
            "  --length end|predicted  end: stop at END or at the cap (default); predicted: emit the length",
            "                     a length head predicts (needs a model trained with a length head)",
            "  --cap-a A --cap-b B  the END strategy's cap a * source length + b (default 2 and 10); an output",
            "                     also ends at the model's max_len - 1 tokens (511 for train's models), and",
            "                     decode and eval say when one did");

    record Settings(int beam, double alpha, Length length, LengthCap cap) {
        static Settings greedy() {
            return new Settings(1, 0.6, Length.END, new LengthCap(DEFAULT_CAP_A, DEFAULT_CAP_B));
        }

        String describe() {
            String search = beam == 1 ? "greedy" : "beam " + beam + " (alpha " + alpha + ")";
            return search + ", " + (length == Length.END
                    ? "END token with cap " + cap.a() + " * source length + " + cap.b()
                    : "predicted length");
        }
    }

    private Decoding() {
    }

    /** Reads --beam, --alpha, --length, --cap-a, --cap-b. */
    static Settings fromOptions(Options options) {
        int beam = options.integer("beam", 1);
        if (beam < 1 || beam > MAX_BEAM) {
            throw new UsageException("option --beam must be 1 to " + MAX_BEAM + " (wider beams cost that many times "
                    + "greedy's time and memory, and translate worse), got " + beam);
        }
        double alpha = options.decimal("alpha", 0.6);
        if (!(alpha >= 0)) {
            throw new UsageException("option --alpha must be 0 or more, got " + alpha);
        }
        Length length = Length.parse(options.string("length", "end"));
        double a = options.decimal("cap-a", DEFAULT_CAP_A);
        int b = options.integer("cap-b", DEFAULT_CAP_B);
        if (!(a >= 0) || Double.isInfinite(a) || b < 0) {
            throw new UsageException("options --cap-a and --cap-b must be 0 or more, got " + a + " and " + b);
        }
        return new Settings(beam, alpha, length, new LengthCap(a, b));
    }

    /**
     * How many of {@code outputs} (from {@link #decode} with {@code s}) stopped because the model's
     * positions ran out rather than at END or at the cap: the decoder's input is BOS and the tokens
     * so far, so a model of {@code max_len} positions writes at most {@code max_len - 1} tokens, and
     * an output of that length whose cap asked for more was cut there.
     */
    static int stoppedAtPositionLimit(Transformer model, Settings s, int[] srcLengths, int[][] outputs) {
        if (s.length() != Length.END) {
            return 0;
        }
        int limit = model.config().maxLen() - 1;
        int n = 0;
        for (int i = 0; i < outputs.length; i++) {
            if (outputs[i].length >= limit && s.cap().maxTokens(srcLengths[i]) > limit) {
                n++;
            }
        }
        return n;
    }

    /** Says what {@link #stoppedAtPositionLimit} counts, for a note to the user. */
    static String positionLimitNote(Transformer model) {
        int maxLen = model.config().maxLen();
        return "an output stopped at " + (maxLen - 1) + " tokens, the most this model can write (its max_len of "
                + maxLen + " positions, one taken by BOS), before END and before the cap allowed; it is cut there";
    }

    /**
     * Outputs (ids without BOS and END) of a padded batch of sources.
     *
     * @param srcKeep  1 real / 0 pad [B, S] in the model's data type, or null without padding
     * @param srcLengths real length of each source
     */
    static int[][] decode(Transformer model, Settings s, int[][] src, INDArray srcKeep, int[] srcLengths) {
        if (s.length() == Length.PREDICTED) {
            if (!model.config().hasLengthHead()) {
                throw new IllegalStateException("--length predicted needs a model trained with a length head "
                        + "(train --length-classes N), and this checkpoint has none; use --length end");
            }
            if (s.beam() > 1) {
                throw new UsageException("--length predicted decodes greedily; drop --beam");
            }
            return new PredictedLengthDecoder(Vocabulary.BOS, Vocabulary.END).decode(model, src, srcKeep);
        }
        int[] caps = new int[src.length];
        for (int i = 0; i < caps.length; i++) {
            caps[i] = Math.min(s.cap().maxTokens(srcLengths[i]), model.config().maxLen() - 1);
        }
        if (s.beam() == 1) {
            return new GreedyDecoder(Vocabulary.BOS, Vocabulary.END, true).decode(model, src, srcKeep, caps);
        }
        return new BeamSearch(s.beam(), s.alpha(), Vocabulary.BOS, Vocabulary.END).decode(model, src, srcKeep, caps);
    }
}
