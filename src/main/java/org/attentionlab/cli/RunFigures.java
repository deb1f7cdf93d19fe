package org.attentionlab.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The flat numeric figures of one run directory, for {@code docs/reports/NAME.json} and the
 * figure blocks of the docs ({@link org.attentionlab.notebooks.FigureBlocks}): read from what the
 * run wrote, {@code scores.json}, {@code task.json}, {@code metrics.csv} and {@code bleu.csv}, so
 * that no figure in the docs is typed by hand.
 *
 * <p>Names (absent when the run did not record the thing):
 * <ul>
 * <li>from scores.json's run block: {@code steps}, {@code train_minutes}, {@code cpu_minutes},
 * {@code stopped_by_time_limit} (1 or 0), {@code max_minutes}, {@code train_pairs},
 * {@code valid_pairs}, {@code test_pairs}, {@code source_vocabulary}, {@code target_vocabulary},
 * {@code vocabulary} (the target's: the rows of the output layer), {@code parameters};
 * <li>from each score {@code SPLIT/MODEL/DECODING}: {@code bleu_D}, {@code sequence_accuracy_D},
 * {@code token_accuracy_D}, {@code error_rate_D}, {@code outputs_with_unknown_D},
 * {@code decoding_seconds_D}, {@code examples_D}, where {@code D} is the decoding ({@code greedy},
 * {@code beam} when the model has one beam setting recorded, else e.g. {@code beam4_alpha0_6})
 * followed by {@code _best}, {@code _averaged} or the model file's name for models other than the
 * last checkpoint, and the names are prefixed with {@code valid_} for the validation split:
 * {@code bleu_greedy}, {@code bleu_beam}, {@code bleu_greedy_averaged}, {@code valid_bleu_greedy};
 * {@code outputs_with_unknown}: the most outputs with {@code <unk>} of any test score;
 * <li>from task.json: {@code max_steps}, {@code batch_size}, {@code merges} (bpe runs);
 * <li>from metrics.csv: {@code final_valid_loss}, {@code best_valid_loss}, {@code best_valid_step};
 * <li>from bleu.csv: {@code final_valid_bleu}, {@code best_valid_bleu}, {@code best_valid_bleu_step},
 * {@code valid_bleu_examples}.
 * </ul>
 * Rates are fractions (0.991), as the lessons record them; BLEU is on the 0-100 scale it is printed on.
 */
final class RunFigures {
    /** The figures, in a stable order, and the curves the chart draws. */
    record Summary(Path dir, Map<String, Double> figures, double[] lossSteps, double[] validLoss,
                   double[] bleuSteps, double[] validBleu) {
    }

    private RunFigures() {
    }

    /**
     * Reads the run in {@code dir}: a usage error when there is no such directory, an
     * IllegalArgumentException (one line, naming the file) when it holds no scores.json or a malformed file.
     */
    static Summary of(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new UsageException("no such run directory: " + dir);
        }
        RunScores scores = RunScores.read(dir);
        Map<String, Double> f = new LinkedHashMap<>();
        JsonObject run = scores.run();
        if (run == null) {
            throw new IllegalArgumentException(dir.resolve(RunScores.FILE) + " has no \"run\" block: attention-lab train "
                    + "records one, and attention-lab eval --checkpoint DIR adds one for a run trained before scores were recorded");
        }
        copy(run, "steps", f, "steps", 1);
        copy(run, "train_wall_seconds", f, "train_minutes", 1 / 60.0);
        copy(run, "train_cpu_seconds", f, "cpu_minutes", 1 / 60.0);
        JsonElement stopped = run.get("stopped_by_time_limit");
        if (stopped != null && stopped.isJsonPrimitive()) {
            f.put("stopped_by_time_limit", stopped.getAsBoolean() ? 1.0 : 0.0);
        }
        for (String name : List.of("max_minutes", "train_pairs", "valid_pairs", "test_pairs", "source_vocabulary",
                "target_vocabulary")) {
            copy(run, name, f, name, 1);
        }
        copy(run, "target_vocabulary", f, "vocabulary", 1);
        copy(run, "parameters", f, "parameters", 1);
        scoreFigures(scores.scores(), f);
        taskFigures(dir, f);
        List<double[]> loss = validationLoss(dir.resolve(RunDirectory.METRICS), f);
        List<double[]> bleu = validationBleu(dir.resolve(RunDirectory.BLEU), f);
        return new Summary(dir, f, loss.get(0), loss.get(1), bleu.get(0), bleu.get(1));
    }

    private static void scoreFigures(JsonObject scores, Map<String, Double> f) {
        // How many beam settings each split/model has: one is called plain "beam".
        Map<String, Integer> beams = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : scores.entrySet()) {
            if (!e.getValue().isJsonObject()) {
                continue;
            }
            JsonObject s = e.getValue().getAsJsonObject();
            if (text(s, "decoding").startsWith("beam")) {
                beams.merge(text(s, "split") + "/" + text(s, "model"), 1, Integer::sum);
            }
        }
        double unknown = -1;
        for (Map.Entry<String, JsonElement> e : scores.entrySet()) {
            if (!e.getValue().isJsonObject()) {
                continue;
            }
            JsonObject s = e.getValue().getAsJsonObject();
            String split = text(s, "split");
            String model = text(s, "model");
            String decoding = text(s, "decoding");
            String d = decoding.startsWith("beam") && beams.getOrDefault(split + "/" + model, 0) == 1
                    && decoding.matches("beam\\d+-alpha[0-9.]+") ? "beam" : name(decoding);
            String suffix = d + (model.equals("model") ? "" : "_" + name(model));
            String prefix = split.equals("test") ? "" : name(split) + "_";
            for (String key : List.of("bleu", "sequence_accuracy", "token_accuracy", "error_rate",
                    "outputs_with_unknown", "decoding_seconds", "examples")) {
                copy(s, key, f, prefix + key + "_" + suffix, 1);
            }
            if (split.equals("test") && s.has("outputs_with_unknown")) {
                unknown = Math.max(unknown, s.get("outputs_with_unknown").getAsDouble());
            }
        }
        if (unknown >= 0) {
            f.put("outputs_with_unknown", unknown);
        }
    }

    private static void taskFigures(Path dir, Map<String, Double> f) throws IOException {
        Path task = dir.resolve(RunDirectory.TASK);
        if (!Files.isRegularFile(task)) {
            return;
        }
        RunDirectory.Spec spec = new RunDirectory(dir).readSpec();
        f.put("max_steps", (double) spec.training().steps());
        f.put("batch_size", (double) spec.training().batchSize());
        if (org.attentionlab.data.BytePairTokenizer.NAME.equals(spec.data().tokenizer())
                && spec.data().subwords().merges() > 0) {
            f.put("merges", (double) spec.data().subwords().merges());
        }
    }

    /** metrics.csv's validation rows: [steps, losses]; adds final/best loss figures. */
    private static List<double[]> validationLoss(Path csv, Map<String, Double> f) throws IOException {
        List<double[]> rows = rows(csv, "valid", 1, 2, 8);
        if (!rows.isEmpty()) {
            double[] last = rows.get(rows.size() - 1);
            double[] best = rows.get(0);
            for (double[] r : rows) {
                best = r[1] < best[1] ? r : best;
            }
            f.put("final_valid_loss", last[1]);
            f.put("best_valid_loss", best[1]);
            f.put("best_valid_step", best[0]);
        }
        return columns(rows);
    }

    /** bleu.csv's rows: [steps, BLEU]; adds final/best BLEU figures. */
    private static List<double[]> validationBleu(Path csv, Map<String, Double> f) throws IOException {
        List<double[]> rows = rows(csv, null, 0, 1, 6);
        if (!rows.isEmpty()) {
            double[] last = rows.get(rows.size() - 1);
            double[] best = rows.get(0);
            for (double[] r : rows) {
                best = r[1] > best[1] ? r : best;
            }
            f.put("final_valid_bleu", last[1]);
            f.put("best_valid_bleu", best[1]);
            f.put("best_valid_bleu_step", best[0]);
            f.put("valid_bleu_examples", last[2]);
        }
        return columns(rows);
    }

    /**
     * The rows of a CSV with a header line as [step, value, third column]: those whose first field is
     * {@code kind} (all when null), from the given columns. A missing file has no rows; a malformed
     * line is a usage error naming the file and line.
     */
    private static List<double[]> rows(Path csv, String kind, int stepColumn, int valueColumn, int fields)
            throws IOException {
        List<double[]> rows = new ArrayList<>();
        if (!Files.isRegularFile(csv)) {
            return rows;
        }
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",", -1);
            if (lines.get(i).isBlank() || kind != null && !cells[0].equals(kind)) {
                continue;
            }
            if (cells.length < fields) {
                throw new IllegalArgumentException(csv + ":" + (i + 1) + ": expected " + fields + " comma-separated fields, got "
                        + cells.length);
            }
            try {
                rows.add(new double[] {Double.parseDouble(cells[stepColumn]), Double.parseDouble(cells[valueColumn]),
                    Double.parseDouble(cells[kind == null ? 3 : 7])});
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(csv + ":" + (i + 1) + ": not a number: " + e.getMessage());
            }
        }
        return rows;
    }

    private static List<double[]> columns(List<double[]> rows) {
        double[] x = new double[rows.size()];
        double[] y = new double[rows.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = rows.get(i)[0];
            y[i] = rows.get(i)[1];
        }
        return List.of(x, y);
    }

    private static void copy(JsonObject from, String key, Map<String, Double> to, String name, double scale) {
        JsonElement e = from.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            return;
        }
        to.put(name, e.getAsDouble() * scale);
    }

    private static String text(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : "";
    }

    /** A figure name's part: lower case letters, digits and single underscores ({@code beam4-alpha0.6 -> beam4_alpha0_6}). */
    static String name(String s) {
        String n = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        return n.isEmpty() ? "x" : n;
    }
}
