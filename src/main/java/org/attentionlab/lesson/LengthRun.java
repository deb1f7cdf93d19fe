package org.attentionlab.lesson;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.attentionlab.data.Batch;
import org.attentionlab.data.Batcher;
import org.attentionlab.data.EncodedPair;
import org.attentionlab.data.Task;
import org.attentionlab.decode.BeamSearch;
import org.attentionlab.decode.LengthCap;
import org.attentionlab.decode.LengthReport;
import org.attentionlab.decode.LengthStrategy;
import org.attentionlab.nn.Transformer;
import org.attentionlab.viz.MetricCharts;
import org.knowm.xchart.CategoryChart;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One {@link LengthStrategy} run on a list of pairs with one model: the outputs themselves (to score
 * them again, or to look at them), their {@link LengthReport}, and the mean length bias
 * (1/N) sum (|output| - |reference|), negative when the outputs are too short on average.
 *
 * @param model   which model decoded, e.g. "final (600 steps)"
 * @param report  lengths and sequence accuracy of the outputs
 * @param outputs the outputs, in the order of the pairs (tokens without BOS and END)
 * @param meanLengthBias (1/N) sum (|output| - |reference|): negative when outputs are too short
 */
public record LengthRun(String model, LengthReport report, int[][] outputs, double meanLengthBias) {
    private static final int BATCH = 100;

    /** Decodes {@code pairs} with {@code strategy} in batches of 100, in order, and scores the outputs. */
    public static LengthRun decode(String modelName, LengthStrategy strategy, Transformer model,
                                   List<EncodedPair> pairs) {
        long started = System.nanoTime();
        int[][] outputs = new int[pairs.size()][];
        for (Batch batch : Batcher.inOrder(pairs, BATCH)) {
            INDArray keep = batch.srcKeyPadding().castTo(model.dataType());
            int[][] out = strategy.decode(model, batch.src(), keep);
            for (int i = 0; i < out.length; i++) {
                outputs[batch.indices()[i]] = out[i];
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double bias = 0;
        for (int i = 0; i < outputs.length; i++) {
            bias += outputs[i].length - pairs.get(i).target().length;
        }
        return new LengthRun(modelName, LengthReport.score(strategy.name(), pairs, outputs, seconds), outputs,
                bias / outputs.length);
    }

    /**
     * Every strategy on every model, in order: {@code result.get(modelName).get(strategyName)}.
     */
    public static Map<String, Map<String, LengthRun>> decodeAll(Map<String, Transformer> models,
                                                              List<LengthStrategy> strategies, List<EncodedPair> pairs) {
        Map<String, Map<String, LengthRun>> byModel = new LinkedHashMap<>();
        models.forEach((name, model) -> {
            Map<String, LengthRun> byStrategy = new LinkedHashMap<>();
            for (LengthStrategy s : strategies) {
                byStrategy.put(s.name(), decode(name, s, model, pairs));
            }
            byModel.put(name, byStrategy);
        });
        return byModel;
    }

    /** Beam search with {@code beam} hypotheses and length penalty alpha, capped like END decoding. */
    public static LengthStrategy beam(int beam, double alpha, LengthCap cap, int bos, int end) {
        return LengthStrategy.capped("beam " + beam + ", alpha " + alpha, cap,
                new BeamSearch(beam, alpha, bos, end)::decode);
    }

    /** The strategy's name. */
    public String strategy() {
        return report.strategy();
    }

    /** The runs of {@link #decodeAll} as one table, model by model. */
    public static ResultTable table(String title, Map<String, Map<String, LengthRun>> runs) {
        List<LengthRun> all = new ArrayList<>();
        runs.values().forEach(m -> all.addAll(m.values()));
        return table(title, all);
    }

    /**
     * One quantity of the runs of {@link #decodeAll} as bars: one group per strategy, one bar per
     * model, e.g. {@code chart("Sequence accuracy", "%", runs, r -> 100 * r.report().sequenceAccuracy())}.
     */
    public static CategoryChart chart(String title, String yLabel, Map<String, Map<String, LengthRun>> runs,
                                      ToDoubleFunction<LengthRun> quantity) {
        List<String> strategies = List.copyOf(runs.values().iterator().next().keySet());
        Map<String, double[]> series = new LinkedHashMap<>();
        runs.forEach((model, byStrategy) -> series.put(model,
                strategies.stream().mapToDouble(s -> quantity.applyAsDouble(byStrategy.get(s))).toArray()));
        return MetricCharts.bar(title, "strategy", yLabel, strategies, series);
    }

    /**
     * Beam search's hypotheses for one source as a table: each hypothesis as text, its length with
     * END, its log-probability, the score each length penalty alpha gives it, and whether it is the
     * reference.
     */
    public static ResultTable hypotheses(String title, Task task, List<BeamSearch.Hypothesis> hypotheses,
                                         int[] reference, double... alphas) {
        ResultTable t = new ResultTable(title).text("hypothesis").count("tokens + END").number("log P");
        for (double a : alphas) {
            t.number("score, alpha " + a);
        }
        t.text("correct");
        for (BeamSearch.Hypothesis h : hypotheses) {
            List<Object> cells = new ArrayList<>(List.of("\"" + task.decodeTarget(h.tokens()) + "\"",
                    h.tokens().length + 1, h.logProbability()));
            for (double a : alphas) {
                cells.add(h.logProbability() / new BeamSearch(1, a, 0, 0).lengthPenalty(h.tokens().length + 1));
            }
            cells.add(Arrays.equals(h.tokens(), reference) ? "yes" : "no");
            t.row(cells.toArray());
        }
        return t;
    }

    /** The runs as one table: model, strategy, the length figures, sequence accuracy and time. */
    public static ResultTable table(String title, List<LengthRun> runs) {
        ResultTable t = new ResultTable(title).text("model").text("strategy").percent("exact length")
                .number("mean abs. length error").number("mean length bias").percent("too short").percent("too long")
                .percent("sequence accuracy").seconds("time");
        for (LengthRun r : runs) {
            LengthReport p = r.report;
            t.row(r.model, p.strategy(), p.exactLength(), p.meanAbsLengthError(), r.meanLengthBias(), p.tooShort(),
                    p.tooLong(), p.sequenceAccuracy(), p.seconds());
        }
        return t;
    }
}
