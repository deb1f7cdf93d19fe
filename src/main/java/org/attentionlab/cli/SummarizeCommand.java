package org.attentionlab.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attentionlab.io.AtomicFiles;
import org.attentionlab.notebooks.FigureBlocks;
import org.attentionlab.viz.Charts;
import org.attentionlab.viz.RunCharts;

/**
 * {@code summarize}: turns run directories into the figures file and chart that the docs quote
 * ({@code docs/reports/NAME.json} and {@code NAME.png}), so that docs/results.md's figures come from
 * runs through its figure blocks ({@link FigureBlocks}) instead of being typed.
 *
 * <p>One run: its figures ({@link RunFigures}) and a chart of validation loss and validation BLEU
 * against steps. Several runs with {@code --by train_pairs}: every run's figures with its training-pair
 * count appended to the name ({@code bleu_greedy_2520}), and a chart of test BLEU against training pairs.
 */
final class SummarizeCommand implements Command {
    /** The one dimension runs can be compared along so far. */
    static final String BY_TRAIN_PAIRS = "train_pairs";

    @Override
    public String name() {
        return "summarize";
    }

    @Override
    public String summary() {
        return "write a run's figures (scores.json, metrics.csv, bleu.csv) as docs/reports/NAME.json and a chart";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: attention-lab summarize DIR --name NAME [--into DIR2]",
                "       attention-lab summarize DIR DIR... --by train_pairs --name NAME [--into DIR2]",
                "  DIR                a run directory written by attention-lab train (it needs DIR/scores.json)",
                "  --name NAME        writes DIR2/NAME.json (flat numeric figures) and DIR2/NAME.png (the chart);",
                "                     docs' figure blocks <!-- figures NAME: {bleu_greedy:2f} --> quote the JSON",
                "  --into DIR2        where to write them (default docs/reports, run from the repository root)",
                "  --by train_pairs   several runs: each figure's name gets the run's training-pair count",
                "                     appended (bleu_greedy_2520), and the chart is test BLEU (greedy, and beam",
                "                     where recorded) against training pairs on a log axis; with three runs or",
                "                     more, bleu_greedy_per_doubling and bleu_beam_per_doubling (slope of the",
                "                     least-squares line of BLEU against log2 pairs) and, when it rises,",
                "                     bleu_greedy_pairs_for_10 / bleu_beam_pairs_for_10 (where the line reaches 10)",
                "figures of one run: steps, train_minutes, cpu_minutes, stopped_by_time_limit, train_pairs,",
                "  valid_pairs, test_pairs, vocabulary (the target's), source_vocabulary, target_vocabulary,",
                "  parameters, max_steps, batch_size, merges; per recorded score bleu_D, sequence_accuracy_D,",
                "  token_accuracy_D, error_rate_D, outputs_with_unknown_D, decoding_seconds_D, examples_D with D",
                "  greedy or beam (or e.g. beam4_alpha0_6 when several beams were recorded) and _best/_averaged",
                "  for those models (valid_ before names of validation-split scores); outputs_with_unknown (the",
                "  most of any test score); final_valid_loss, best_valid_loss, best_valid_step (metrics.csv);",
                "  final_valid_bleu, best_valid_bleu, best_valid_bleu_step, valid_bleu_examples (bleu.csv)",
                "Then attention-lab reports --figures-only rewrites the blocks of README.md, notebooks/README.md",
                "and docs/results.md from docs/reports.");
    }

    @Override
    public int run(Options options, PrintStream out, PrintStream err) throws IOException {
        String name = options.required("name");
        if (!name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
            throw new UsageException("option --name must be letters, digits, '.', '_' or '-' (a figure block names it),"
                    + " got '" + name + "'");
        }
        String into = options.string("into", null);
        String by = options.string("by", null);
        options.finish(true);
        List<String> dirs = options.positional();
        if (dirs.isEmpty()) {
            throw new UsageException("give the run directory to summarize: attention-lab summarize DIR --name NAME");
        }
        if (by != null && !by.equals(BY_TRAIN_PAIRS)) {
            throw new UsageException("option --by must be " + BY_TRAIN_PAIRS + ", got '" + by + "'");
        }
        if (by == null && dirs.size() > 1) {
            throw new UsageException(dirs.size() + " run directories given: compare several with --by "
                    + BY_TRAIN_PAIRS + ", or summarize one at a time");
        }
        List<RunFigures.Summary> runs = new ArrayList<>();
        for (String d : dirs) {
            runs.add(RunFigures.of(Path.of(d)));
        }
        Path target = target(into);
        if (Files.isRegularFile(target.resolve(name + ".html"))) {
            throw new UsageException(target.resolve(name + ".json") + " belongs to a lesson's report (" + name
                    + ".html is beside it); choose another --name");
        }
        Map<String, Double> figures;
        Object chart;
        if (by == null) {
            RunFigures.Summary s = runs.get(0);
            figures = s.figures();
            chart = RunCharts.curves(s.dir().getFileName() == null ? s.dir().toString()
                    : s.dir().getFileName().toString(), s.lossSteps(), s.validLoss(), s.bleuSteps(), s.validBleu());
        } else {
            figures = byTrainPairs(runs);
            figures.putAll(growthFit(runs, "bleu_greedy"));
            figures.putAll(growthFit(runs, "bleu_beam"));
            chart = sizeChart(runs);
        }
        Files.createDirectories(target);
        Path json = target.resolve(name + ".json");
        AtomicFiles.writeString(json, toJson(figures));
        Path png = Charts.save(chart, target.resolve(name + ".png"));
        out.println("wrote " + figures.size() + " figures to " + json + " and the chart " + png);
        return 0;
    }

    private static Path target(String into) {
        if (into != null) {
            return Path.of(into);
        }
        Path reports = FigureBlocks.PUBLISHED_REPORTS;
        if (!Files.isDirectory(reports)) {
            throw new UsageException("no " + reports + " here: run from the repository root or give --into DIR");
        }
        return reports;
    }

    /** Every run's figures, named with its training-pair count appended; two runs of one count are refused. */
    private static Map<String, Double> byTrainPairs(List<RunFigures.Summary> runs) {
        Map<String, Double> all = new LinkedHashMap<>();
        Map<Long, Path> seen = new LinkedHashMap<>();
        all.put("runs", (double) runs.size());
        for (RunFigures.Summary s : runs) {
            long pairs = trainPairs(s);
            Path before = seen.put(pairs, s.dir());
            if (before != null) {
                throw new UsageException(before + " and " + s.dir() + " both trained on " + pairs
                        + " pairs: --by train_pairs needs one run a size");
            }
            for (Map.Entry<String, Double> e : s.figures().entrySet()) {
                all.put(e.getKey() + "_" + pairs, e.getValue());
            }
        }
        return all;
    }

    /**
     * How {@code key} (a test BLEU) grows with the data: the least-squares line through
     * (log2 training pairs, BLEU) over the runs that recorded it, as {@code KEY_per_doubling} (the
     * slope: BLEU gained each time the data doubles) and, when the slope is positive,
     * {@code KEY_pairs_for_10}: the training pairs at which the line reaches 10. Learning curves of
     * translation are roughly log-linear in the data over a range like this one (Koehn and Knowles
     * 2017); beyond the largest run the figure is an extrapolation and says only what order of
     * magnitude of data the recipe would need. Nothing is written from fewer than three runs.
     */
    static Map<String, Double> growthFit(List<RunFigures.Summary> runs, String key) {
        List<double[]> points = new ArrayList<>();
        for (RunFigures.Summary s : runs) {
            Double y = s.figures().get(key);
            if (y != null && Double.isFinite(y)) {
                points.add(new double[] {Math.log(trainPairs(s)) / Math.log(2), y});
            }
        }
        Map<String, Double> fit = new LinkedHashMap<>();
        if (points.size() < 3) {
            return fit;
        }
        double mx = points.stream().mapToDouble(p -> p[0]).average().orElseThrow();
        double my = points.stream().mapToDouble(p -> p[1]).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        for (double[] p : points) {
            sxy += (p[0] - mx) * (p[1] - my);
            sxx += (p[0] - mx) * (p[0] - mx);
        }
        if (sxx == 0) {
            return fit;
        }
        double slope = sxy / sxx;
        fit.put(key + "_per_doubling", slope);
        if (slope > 0) {
            fit.put(key + "_pairs_for_10", Math.pow(2, mx + (10 - my) / slope));
        }
        return fit;
    }

    private static long trainPairs(RunFigures.Summary s) {
        Double pairs = s.figures().get("train_pairs");
        if (pairs == null) {
            throw new IllegalArgumentException(s.dir().resolve(RunScores.FILE) + " records no train_pairs");
        }
        return Math.round(pairs);
    }

    /** Test BLEU against training pairs: greedy and beam of the last model, and of best/averaged where recorded. */
    private static Object sizeChart(List<RunFigures.Summary> runs) {
        List<RunFigures.Summary> sorted = new ArrayList<>(runs);
        sorted.sort((a, b) -> Long.compare(trainPairs(a), trainPairs(b)));
        double[] x = new double[sorted.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = trainPairs(sorted.get(i));
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        for (String model : List.of("", "_best", "_averaged")) {
            for (String decoding : List.of("greedy", "beam")) {
                String key = "bleu_" + decoding + model;
                double[] y = new double[x.length];
                boolean any = false;
                for (int i = 0; i < y.length; i++) {
                    Double v = sorted.get(i).figures().get(key);
                    y[i] = v == null ? Double.NaN : v;
                    any |= v != null;
                }
                if (any) {
                    series.put(decoding + (model.isEmpty() ? "" : ", " + model.substring(1)), y);
                }
            }
        }
        return RunCharts.bleuBySize("Test BLEU against training-set size", x, series);
    }

    /** Integral figures as integers (1260, not 1260.0), the rest as they are; no NaN reaches here. */
    private static String toJson(Map<String, Double> figures) {
        JsonObject o = new JsonObject();
        for (Map.Entry<String, Double> e : figures.entrySet()) {
            double v = e.getValue();
            if (!Double.isFinite(v)) {
                continue;
            }
            if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                o.addProperty(e.getKey(), (long) v);
            } else {
                o.addProperty(e.getKey(), v);
            }
        }
        return new GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n";
    }
}
