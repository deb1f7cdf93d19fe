package org.attentionlab.lesson;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.attentionlab.data.EncodedPair;
import org.attentionlab.decode.BeamSearch;
import org.attentionlab.decode.LengthCap;
import org.attentionlab.decode.LengthStrategy;
import org.attentionlab.nn.Transformer;

/**
 * Beam search judged by the model under each stopping rule: who is wrong when beam search loses to
 * greedy decoding, the search or the model? Each {@link #add} takes a beam run (from runs already
 * decoded, else decoding it now) and audits its outputs against greedy's and the references with
 * {@link OutputScores#audit}. One audit holds the rows of many models, penalties and rules.
 */
public final class SearchAudit {
    /**
     * One beam run and its audit.
     *
     * @param model    the model's name (as in the runs)
     * @param alpha    the length penalty
     * @param stopping when the search over a source ended
     * @param run      the outputs with their lengths and sequence accuracy
     * @param audit    the outputs scored against greedy's and the references
     */
    public record Row(String model, double alpha, BeamSearch.Stopping stopping, LengthRun run,
                      OutputScores.Audit audit) {
        /** Share of outputs equal to the reference. */
        public double sequenceAccuracy() {
            return run.report().sequenceAccuracy();
        }
    }

    private final List<EncodedPair> pairs;
    private final String greedy;
    private final int beam;
    private final LengthCap cap;
    private final int bos;
    private final int end;
    private final List<Row> rows = new ArrayList<>();

    /**
     * @param pairs  the pairs every run decodes (sources, and references to audit against)
     * @param greedy the name of greedy decoding's run in the runs given to {@link #add}
     * @param beam   beam size
     * @param cap    the length cap of every search
     */
    public SearchAudit(List<EncodedPair> pairs, String greedy, int beam, LengthCap cap, int bos, int end) {
        this.pairs = List.copyOf(pairs);
        this.greedy = greedy;
        this.beam = beam;
        this.cap = cap;
        this.bos = bos;
        this.end = end;
    }

    /**
     * Beam search as a length strategy with a stopping rule: {@link LengthRun#beam} (same name) for
     * {@link BeamSearch.Stopping#BOUND}, else named e.g. "beam 4, alpha 0.6, stop at 4 finished".
     */
    public static LengthStrategy strategy(int beam, double alpha, BeamSearch.Stopping stopping, LengthCap cap,
                                          int bos, int end) {
        if (stopping == BeamSearch.Stopping.BOUND) {
            return LengthRun.beam(beam, alpha, cap, bos, end);
        }
        return LengthStrategy.capped("beam " + beam + ", alpha " + alpha + ", " + ruleName(beam, stopping), cap,
                new BeamSearch(beam, alpha, bos, end, stopping)::decode);
    }

    /** "bound" or "stop at K finished", as the table shows a rule. */
    public static String ruleName(int beam, BeamSearch.Stopping stopping) {
        return stopping == BeamSearch.Stopping.BOUND ? "bound" : "stop at " + beam + " finished";
    }

    /**
     * Audits beam search with penalty {@code alpha} and rule {@code stopping} on {@code model}: its run
     * is {@code runs}' run of the same strategy name if there is one, else it is decoded now; greedy's
     * run is {@code runs.get(greedy)}.
     */
    public Row add(Transformer model, Map<String, LengthRun> runs, double alpha, BeamSearch.Stopping stopping) {
        LengthRun greedyRun = runs.get(greedy);
        if (greedyRun == null) {
            throw new IllegalArgumentException("no run named '" + greedy + "' among " + runs.keySet());
        }
        LengthStrategy strategy = strategy(beam, alpha, stopping, cap, bos, end);
        LengthRun run = runs.get(strategy.name());
        if (run == null) {
            run = LengthRun.decode(greedyRun.model(), strategy, model, pairs);
        }
        OutputScores.Audit audit = OutputScores.audit(model, pairs, run.outputs(), greedyRun.outputs(),
                new BeamSearch(beam, alpha, bos, end, stopping));
        Row row = new Row(greedyRun.model(), alpha, stopping, run, audit);
        rows.add(row);
        return row;
    }

    /** The row of a model, penalty and rule. */
    public Row get(String model, double alpha, BeamSearch.Stopping stopping) {
        return rows.stream().filter(r -> r.model().equals(model) && r.alpha() == alpha && r.stopping() == stopping)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no audit of " + model + ", alpha "
                        + alpha + ", " + stopping));
    }

    /** Every row, in the order added. */
    public List<Row> rows() {
        return List.copyOf(rows);
    }

    /**
     * The rows as one table: sequence accuracy, then the wrong outputs split into search errors (scored
     * below the reference) and model errors (scored at least as high), and the outputs scored below
     * greedy's (of them, those also shorter than greedy's).
     */
    public ResultTable table(String title) {
        ResultTable t = new ResultTable(title).text("model").text("alpha").text("stopping").percent("sequence accuracy")
                .percent("wrong").percent("search errors").percent("model errors").percent("below greedy")
                .percent("below greedy, shorter").seconds("time");
        for (Row r : rows) {
            OutputScores.Audit a = r.audit();
            t.row(r.model(), "" + r.alpha(), ruleName(beam, r.stopping()), r.sequenceAccuracy(), a.wrong(),
                    a.belowReference(), a.modelErrors(), a.belowGreedy(), a.belowGreedyAndShorter(),
                    r.run().report().seconds());
        }
        return t;
    }
}
