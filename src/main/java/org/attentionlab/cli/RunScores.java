package org.attentionlab.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.attentionlab.data.Task;
import org.attentionlab.io.AtomicFiles;
import org.attentionlab.io.JsonText;
import org.attentionlab.io.SafeTensorsHeader;
import org.attentionlab.nn.Transformer;
import org.attentionlab.train.Trainer;

/**
 * {@code DIR/scores.json}: the free-running scores that {@code train} prints at its end and that
 * {@code eval} prints for the run's own splits, kept as data so that docs figures are generated
 * from a run ({@code attention-lab summarize}) rather than copied from a terminal.
 *
 * <pre>
 * {"format": "attention-lab-scores/1",
 *  "run": {"steps": 825, "start_step": 0, "train_wall_seconds": ..., "train_cpu_seconds": ...,
 *          "stopped_by_time_limit": true, "max_minutes": 10.0, "train_pairs": 10084, "valid_pairs": ...,
 *          "test_pairs": ..., "source_vocabulary": ..., "target_vocabulary": ..., "parameters": ...},
 *  "scores": {"test/model/greedy": {"split": "test", "model": "model", "decoding": "greedy",
 *             "describe": "greedy, END token with cap 2.0 * source length + 10", "model_step": 825,
 *             "examples": 1260, "sequence_accuracy": 0.0, "token_accuracy": 0.05, "error_name": "word error rate",
 *             "error_rate": 0.98, "bleu": 0.0, "outputs_with_unknown": 0, "outputs_cut_at_max_len": 0,
 *             "decoding_seconds": 41.2, "recorded_by": "train"}, ...}}
 * </pre>
 *
 * <p>A score's key is {@code split/model/decoding}: the model is {@code model} (the last checkpoint),
 * {@code best}, {@code averaged} or the file name of {@code eval --model FILE}; the decoding is
 * {@link #decodingId}. {@code train} writes the file anew at its end (a resumed run's model is another
 * model, so the scores of the one before no longer describe it, and a fresh run's file is removed
 * when training starts); {@code eval} replaces its own key and keeps the rest. The file is replaced
 * atomically, but two evals finishing at the same moment can still lose one's entry: the last
 * writer's read wins. BLEU is {@code null} where it does not fit the task (characters, phones).
 */
final class RunScores {
    static final String FILE = "scores.json";
    static final String FORMAT = "attention-lab-scores/1";

    /** What {@code train} knows about the training session behind the scores. */
    record Session(long steps, long startStep, double wallSeconds, double cpuSeconds, boolean stoppedByTimeLimit,
                   double maxMinutes, int trainPairs, int validPairs, int testPairs, int sourceVocabulary,
                   int targetVocabulary, long parameters) {
    }

    private final Path file;
    private final JsonObject root;

    private RunScores(Path file, JsonObject root) {
        this.file = file;
        this.root = root;
    }

    /** A new, empty record for the run in {@code dir} (nothing is written until {@link #save}). */
    static RunScores fresh(Path dir, Session session) {
        JsonObject root = new JsonObject();
        root.addProperty("format", FORMAT);
        JsonObject run = new JsonObject();
        run.addProperty("steps", session.steps());
        run.addProperty("start_step", session.startStep());
        number(run, "train_wall_seconds", round(session.wallSeconds(), 1));
        number(run, "train_cpu_seconds", round(session.cpuSeconds(), 1));
        run.addProperty("stopped_by_time_limit", session.stoppedByTimeLimit());
        run.addProperty("max_minutes", session.maxMinutes());
        run.addProperty("train_pairs", session.trainPairs());
        run.addProperty("valid_pairs", session.validPairs());
        run.addProperty("test_pairs", session.testPairs());
        run.addProperty("source_vocabulary", session.sourceVocabulary());
        run.addProperty("target_vocabulary", session.targetVocabulary());
        run.addProperty("parameters", session.parameters());
        root.add("run", run);
        root.add("scores", new JsonObject());
        return new RunScores(dir.resolve(FILE), root);
    }

    /**
     * The record of the run in {@code dir}: what is there, or an empty one (without a "run" block)
     * when the run has none yet, e.g. one trained before scores were recorded.
     *
     * @throws IllegalArgumentException when the file is there but is not a scores file (one line, naming it)
     */
    static RunScores readOrEmpty(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            JsonObject root = new JsonObject();
            root.addProperty("format", FORMAT);
            root.add("scores", new JsonObject());
            return new RunScores(file, root);
        }
        return read(dir);
    }

    /** The record of the run in {@code dir}; an error (one line, naming the file) when it is missing or malformed. */
    static RunScores read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(dir + " has no " + FILE + ": it is written by attention-lab train (runs trained "
                    + "before it was can be scored with attention-lab eval --checkpoint DIR)");
        }
        if (JsonText.firstExcess(text, 8) >= 0) {
            throw new IllegalArgumentException(file + ": not a scores file written by attention-lab (nested too deeply)");
        }
        try {
            JsonElement e = JsonParser.parseString(text);
            if (!e.isJsonObject() || !FORMAT.equals(string(e.getAsJsonObject(), "format"))
                    || !e.getAsJsonObject().has("scores") || !e.getAsJsonObject().get("scores").isJsonObject()) {
                throw new IllegalArgumentException(file + ": not a scores file written by attention-lab (no \"format\": \""
                        + FORMAT + "\" with \"scores\")");
            }
            return new RunScores(file, e.getAsJsonObject());
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(file + ": not JSON: " + JsonText.describeError(e));
        }
    }

    private static String string(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    /**
     * Adds a run block from what {@code eval} can know, when the file has none: the run was trained
     * before scores were recorded (its time and whether the time limit stopped it are then unknown,
     * and left out), so that {@code summarize} can still describe it. A train's block is never replaced.
     */
    void addRunIfMissing(long steps, Task task, Transformer model, double maxMinutes) {
        if (run() != null) {
            return;
        }
        JsonObject run = new JsonObject();
        if (steps >= 0) {
            run.addProperty("steps", steps);
        }
        run.addProperty("max_minutes", maxMinutes);
        run.addProperty("train_pairs", task.train().size());
        run.addProperty("valid_pairs", task.valid().size());
        run.addProperty("test_pairs", task.test().size());
        run.addProperty("source_vocabulary", task.sourceVocabulary().size());
        run.addProperty("target_vocabulary", task.targetVocabulary().size());
        run.addProperty("parameters", model.parameterCount());
        run.addProperty("recorded_by", "eval");
        root.add("run", run);
    }

    /** The run block, or null when no train has recorded one. */
    JsonObject run() {
        JsonElement e = root.get("run");
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
    }

    /** Every recorded score by key. */
    JsonObject scores() {
        return root.getAsJsonObject("scores");
    }

    /**
     * Adds the report under {@code split/model/decoding}, replacing what that key held.
     *
     * @param modelStep the training step of the scored model, or -1 when unknown
     * @param by        the command that scored it ({@code train} or {@code eval})
     */
    void put(String split, String model, Decoding.Settings decoding, long modelStep, Scoring.Report r, String by) {
        JsonObject s = new JsonObject();
        s.addProperty("split", split);
        s.addProperty("model", model);
        s.addProperty("decoding", decodingId(decoding));
        s.addProperty("describe", decoding.describe());
        if (modelStep >= 0) {
            s.addProperty("model_step", modelStep);
        }
        s.addProperty("examples", r.examples());
        number(s, "sequence_accuracy", round(r.sequenceAccuracy(), 6));
        number(s, "token_accuracy", round(r.tokenAccuracy(), 6));
        s.addProperty("error_name", r.errorName());
        number(s, "error_rate", round(r.errorRate(), 6));
        number(s, "bleu", round(r.bleu(), 4));
        s.addProperty("outputs_with_unknown", r.unknownOutputs());
        s.addProperty("outputs_cut_at_max_len", r.cutAtPositionLimit());
        s.addProperty("decoding_seconds", round(r.seconds(), 2));
        s.addProperty("recorded_by", by);
        scores().add(split + "/" + model + "/" + decodingId(decoding), s);
    }

    /** Writes the file atomically: a reader never sees half of it. */
    void save() throws IOException {
        String json = new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(root);
        AtomicFiles.writeString(file, json + "\n");
    }

    /**
     * The decoding's part of a key: {@code greedy} or {@code beamK-alphaA}, then {@code -predicted}
     * for the length head's lengths and {@code -capA+B} for a cap other than the default, so that
     * two settings that may score differently never share a key.
     */
    static String decodingId(Decoding.Settings d) {
        StringBuilder id = new StringBuilder(d.beam() == 1 ? "greedy"
                : "beam" + d.beam() + "-alpha" + number(d.alpha()));
        if (d.length() == Decoding.Length.PREDICTED) {
            id.append("-predicted");
        } else if (d.cap().a() != Decoding.DEFAULT_CAP_A || d.cap().b() != Decoding.DEFAULT_CAP_B) {
            id.append("-cap").append(number(d.cap().a())).append('+').append(d.cap().b());
        }
        return id.toString();
    }

    /** 0.6 -> "0.6", 2.0 -> "2": short and the same on every locale. */
    private static String number(double x) {
        return x == Math.rint(x) ? Long.toString((long) x) : String.format(Locale.ROOT, "%s", x);
    }

    /**
     * The training step recorded in a model file's metadata (train's checkpoints and snapshots), read
     * from its header only; -1 when it has none (a file written by average, or by another tool).
     */
    static long modelStep(Path model) {
        try {
            String step = SafeTensorsHeader.read(model).metadata().get(Trainer.STEP_KEY);
            return step == null ? -1 : Long.parseLong(step);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** A number, or null where it is not finite (JSON has no NaN; BLEU of a character task, an unknown CPU time). */
    private static void number(JsonObject o, String name, double x) {
        if (Double.isFinite(x)) {
            o.addProperty(name, x);
        } else {
            o.add(name, com.google.gson.JsonNull.INSTANCE);
        }
    }

    private static double round(double x, int decimals) {
        if (!Double.isFinite(x)) {
            return x;
        }
        double f = Math.pow(10, decimals);
        return Math.round(x * f) / f;
    }
}
