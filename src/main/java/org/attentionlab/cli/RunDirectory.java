package org.attentionlab.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.attentionlab.data.BytePairTokenizer;
import org.attentionlab.data.FileFingerprint;
import org.attentionlab.data.Splits;
import org.attentionlab.data.Task;
import org.attentionlab.data.TaskOptions;
import org.attentionlab.data.Tasks;
import org.attentionlab.data.Tokenizer;
import org.attentionlab.data.Vocabulary;
import org.attentionlab.io.AtomicFiles;
import org.attentionlab.train.ScheduledSampling;
import org.attentionlab.train.TrainingConfig;

/**
 * The files of one {@code train --out DIR} run, and {@code task.json}, which records how the
 * task was built and trained so that {@code decode}, {@code eval} and {@code train --resume} can
 * rebuild the same task (same generated examples, same split) without being told again.
 *
 * <pre>
 * DIR/model.safetensors  training checkpoint: model, optimiser state, step (loads with Checkpoint.load)
 * DIR/src.vocab          source vocabulary      DIR/tgt.vocab  target vocabulary
 * DIR/src.merges         with --tokenizer bpe: the source side's byte-pair merges (BytePairModel)
 * DIR/tgt.merges         the target side's (the same file content when the merges are joint)
 * DIR/task.json          {"task": ..., "data": {TaskOptions, data_file}, "tokenizers": {...}, "training": {...},
 *                         "run_options": {RunOptions}}
 * DIR/metrics.csv        one row a step, validation columns filled on evaluation steps
 * DIR/loss.png           the loss curve
 * DIR/best.safetensors   with train --keep-best: the checkpoint of the lowest validation loss
 * DIR/checkpoints/       with train --average-last N: the last N model snapshots (step-NNNNNN.safetensors)
 * DIR/averaged.safetensors  their mean (CheckpointAverage), written at the end of the run
 * DIR/bleu.csv           with train --bleu-every N: greedy validation BLEU against steps
 * DIR/scores.json        the final test scores of train and those eval adds ({@link RunScores})
 * DIR/train.lock         the lock a running train holds on DIR ({@link RunLock})
 * </pre>
 *
 * <p>One process writes a run directory at a time: {@code train} takes {@link #lock} before it writes
 * anything and holds it to the end; only then does it clear what a killed run left behind
 * ({@link #removeStaleTemporaryFiles}, and {@link Progress#truncate} on resume).
 */
final class RunDirectory {
    static final String CHECKPOINT = "model.safetensors";
    static final String SOURCE_VOCAB = "src.vocab";
    static final String TARGET_VOCAB = "tgt.vocab";
    static final String SOURCE_MERGES = "src.merges";
    static final String TARGET_MERGES = "tgt.merges";
    static final String TASK = "task.json";
    static final String METRICS = "metrics.csv";
    static final String LOSS_PLOT = "loss.png";
    static final String BEST = "best.safetensors";
    static final String AVERAGED = "averaged.safetensors";
    /** Folder of the model snapshots that train --average-last keeps. */
    static final String SNAPSHOTS = "checkpoints";
    static final String BLEU = "bleu.csv";

    private final Path dir;

    RunDirectory(Path dir) {
        this.dir = dir;
    }

    /** A directory that must hold a finished (or checkpointed) run; otherwise a usage error naming the missing file. */
    static RunDirectory existing(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UsageException("no such checkpoint directory: " + dir);
        }
        RunDirectory run = new RunDirectory(dir);
        for (String name : new String[] {CHECKPOINT, SOURCE_VOCAB, TARGET_VOCAB, TASK}) {
            if (!Files.isRegularFile(dir.resolve(name))) {
                throw new UsageException(dir + " is not a training run: missing " + name
                        + " (write one with attention-lab train --out DIR)");
            }
        }
        return run;
    }

    /** Usage lines of the options that choose which model of a run decode and eval load ({@link #model(Options)}). */
    static final String MODEL_USAGE = String.join("\n",
            "  --best             the model of the lowest validation loss (DIR/best.safetensors, train --keep-best)",
            "  --averaged         the mean of the run's last checkpoints (DIR/averaged.safetensors, train --average-last)",
            "  --model FILE       another model file of this run's vocabularies (e.g. written by attention-lab average)");

    /**
     * Which model of a run decode and eval load: the last checkpoint, or the one that {@code --best},
     * {@code --averaged} or {@code --model FILE} names (at most one of them). Read from the options
     * before the run directory is opened, resolved by {@link #model(ModelChoice)} after.
     */
    record ModelChoice(boolean best, boolean averaged, Path other) {
        static ModelChoice read(Options options) {
            boolean best = options.flag("best");
            boolean averaged = options.flag("averaged");
            boolean given = options.string("model", null) != null;
            if ((best ? 1 : 0) + (averaged ? 1 : 0) + (given ? 1 : 0) > 1) {
                throw new UsageException("give at most one of --best, --averaged and --model");
            }
            return new ModelChoice(best, averaged, given ? options.existingFile("model") : null);
        }
    }

    /** The file of the model {@code choice} names, or a usage error when the run has not written it. */
    Path model(ModelChoice choice) {
        if (choice.other() != null) {
            return choice.other();
        }
        if (choice.best()) {
            return written(BEST, "attention-lab train --keep-best");
        }
        return choice.averaged() ? written(AVERAGED, "attention-lab train --average-last N") : file(CHECKPOINT);
    }

    private Path written(String name, String by) {
        Path f = file(name);
        if (!Files.isRegularFile(f)) {
            throw new UsageException(dir + " has no " + name + ": it is written by " + by);
        }
        return f;
    }

    Path dir() {
        return dir;
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    /**
     * What task.json records.
     *
     * @param dataFile the fingerprint of a {@code tsv:FILE} task's file when it was trained; null for other tasks
     *                 and for runs recorded before fingerprints were
     * @param options  the rest of train's options, recorded so that --resume keeps them
     */
    record Spec(String task, TaskOptions data, String sourceTokenizer, String targetTokenizer,
                TrainingConfig training, FileFingerprint dataFile, RunOptions options) {
        Spec withTraining(TrainingConfig t) {
            return new Spec(task, data, sourceTokenizer, targetTokenizer, t, dataFile, options);
        }

        Spec withOptions(RunOptions o) {
            return new Spec(task, data, sourceTokenizer, targetTokenizer, training, dataFile, o);
        }

        Spec withDataFile(FileFingerprint f) {
            return new Spec(task, data, sourceTokenizer, targetTokenizer, training, f, options);
        }

        /** The file of a {@code tsv:FILE} task, else null. */
        Path tsvFile() {
            return task.startsWith("tsv:") ? Path.of(task.substring(4)) : null;
        }
    }

    /** Takes the run directory's lock (creating the directory), or refuses naming the holder: see {@link RunLock}. */
    RunLock lock() throws IOException {
        return RunLock.acquire(dir);
    }

    /**
     * Deletes the hidden temporary files ({@code .model.safetensors.*.tmp} and the like) that runs
     * killed while writing a file left in the directory. Call it only with the {@link #lock} held:
     * a live writer's temporary file looks the same.
     */
    int removeStaleTemporaryFiles() throws IOException {
        // The snapshots of --average-last are written atomically into their own folder.
        return AtomicFiles.removeStale(dir).size() + AtomicFiles.removeStale(file(SNAPSHOTS)).size();
    }

    /**
     * For a {@code tsv:FILE} run: the file's fingerprint now, after checking it against the one
     * recorded at training. A changed file would silently give another split (eval would score other
     * test examples) and other training data (--resume), so it is refused unless {@code allowChanged}.
     *
     * @return the fingerprint now; null when the task is not tsv or the run recorded none
     */
    FileFingerprint checkDataFile(Spec spec, boolean allowChanged, java.io.PrintStream err) {
        Path file = spec.tsvFile();
        if (file == null || spec.dataFile() == null) {
            return null;
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("the run's data file " + file + " is gone (or not a file); the run was "
                    + "trained on it (" + spec.dataFile().describe() + ")");
        }
        FileFingerprint now = FileFingerprint.of(file);
        if (!now.equals(spec.dataFile())) {
            String change = file + " has changed since the run was trained: it had " + spec.dataFile().describe()
                    + ", it has " + now.describe();
            if (!allowChanged) {
                throw new IllegalStateException(change + "; its splits would be other examples. Restore the file, "
                        + "or pass --allow-changed-data to use it as it is");
            }
            err.println("note: " + change + " (--allow-changed-data: its splits are drawn anew from the new lines)");
        }
        return now;
    }

    void writeSpec(Spec spec) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("format", "attention-lab-run/1");
        o.addProperty("task", spec.task());
        TaskOptions d = spec.data();
        JsonObject data = new JsonObject();
        data.addProperty("seed", d.seed());
        data.addProperty("examples", d.examples());
        data.addProperty("min_length", d.minLength());
        data.addProperty("max_length", d.maxLength());
        data.addProperty("valid_fraction", d.validFraction());
        data.addProperty("test_fraction", d.testFraction());
        data.addProperty("min_frequency", d.minFrequency());
        data.addProperty("max_vocabulary", d.maxVocabulary());
        data.addProperty("shared_vocabulary", d.sharedVocabulary());
        data.addProperty("tokenizer", d.tokenizer());
        data.addProperty("train_limit", d.trainingPart().limit());
        data.addProperty("extra_phrases", d.trainingPart().extraPhrases());
        data.addProperty("long_sentences", d.trainingPart().longSentences());
        data.addProperty("sentence_repeats", d.trainingPart().sentenceRepeats());
        if (!d.cacheDir().equals(TaskOptions.defaultCacheDir())) {
            data.addProperty("cache_dir", d.cacheDir().toAbsolutePath().toString());
        }
        if (spec.dataFile() != null) {
            JsonObject f = new JsonObject();
            f.addProperty("sha256", spec.dataFile().sha256());
            f.addProperty("lines", spec.dataFile().lines());
            data.add("data_file", f);
        }
        if (BytePairTokenizer.NAME.equals(d.tokenizer())) {
            JsonObject sub = new JsonObject();
            sub.addProperty("merges", d.subwords().merges());
            sub.addProperty("vocabulary_size", d.subwords().vocabularySize());
            sub.addProperty("joint", d.subwords().joint());
            sub.addProperty("source_file", SOURCE_MERGES);
            sub.addProperty("target_file", TARGET_MERGES);
            data.add("subwords", sub);
        }
        o.add("data", data);
        JsonObject tok = new JsonObject();
        tok.addProperty("source", spec.sourceTokenizer());
        tok.addProperty("target", spec.targetTokenizer());
        o.add("tokenizers", tok);
        TrainingConfig t = spec.training();
        JsonObject tr = new JsonObject();
        tr.addProperty("steps", t.steps());
        tr.addProperty("batch_size", t.batchSize());
        tr.addProperty("warmup", t.warmup());
        tr.addProperty("learning_rate", t.learningRate());
        tr.addProperty("label_smoothing", t.labelSmoothing());
        tr.addProperty("clip_norm", t.clipNorm());
        tr.addProperty("accumulate", t.accumulate());
        tr.addProperty("eval_every", t.evalEvery());
        tr.addProperty("checkpoint_every", t.checkpointEvery());
        tr.addProperty("seed", t.seed());
        tr.addProperty("sampling", samplingSpec(t.sampling()));
        tr.addProperty("cooldown", t.cooldown());
        o.add("training", tr);
        o.add("run_options", spec.options().toJson());
        String json = new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(o);
        Files.createDirectories(dir);
        // Atomically: --resume rewrites the file, and a kill half-way must not cost the run its settings.
        AtomicFiles.writeString(dir.resolve(TASK), json + "\n");
    }

    Spec readSpec() throws IOException {
        Path file = dir.resolve(TASK);
        try {
            JsonElement e = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            JsonObject o = e.getAsJsonObject();
            JsonObject d = o.getAsJsonObject("data");
            TaskOptions data = new TaskOptions(d.get("seed").getAsLong(), d.get("examples").getAsInt(),
                    d.get("min_length").getAsInt(), d.get("max_length").getAsInt(),
                    d.get("valid_fraction").getAsDouble(), d.get("test_fraction").getAsDouble(),
                    d.get("min_frequency").getAsInt(), d.get("max_vocabulary").getAsInt(),
                    d.get("shared_vocabulary").getAsBoolean(),
                    d.get("tokenizer").isJsonNull() ? null : d.get("tokenizer").getAsString(),
                    d.has("cache_dir") ? Path.of(d.get("cache_dir").getAsString()) : TaskOptions.defaultCacheDir(),
                    subwords(d), trainingPart(d));
            FileFingerprint dataFile = null;
            if (d.has("data_file")) {
                JsonObject f = d.getAsJsonObject("data_file");
                dataFile = new FileFingerprint(f.get("sha256").getAsString(), f.get("lines").getAsLong());
            }
            JsonObject tok = o.getAsJsonObject("tokenizers");
            JsonObject t = o.getAsJsonObject("training");
            TrainingConfig training = TrainingConfig.builder()
                    .steps(t.get("steps").getAsInt()).batchSize(t.get("batch_size").getAsInt())
                    .warmup(t.get("warmup").getAsInt()).learningRate(t.get("learning_rate").getAsDouble())
                    .labelSmoothing(t.get("label_smoothing").getAsDouble())
                    .clipNorm(t.get("clip_norm").getAsDouble()).accumulate(t.get("accumulate").getAsInt())
                    .evalEvery(t.get("eval_every").getAsInt()).checkpointEvery(t.get("checkpoint_every").getAsInt())
                    .seed(t.get("seed").getAsLong()).sampling(ScheduledSampling.parse(t.get("sampling").getAsString()))
                    .cooldown(t.has("cooldown") ? t.get("cooldown").getAsInt() : 0)
                    .build();
            return new Spec(o.get("task").getAsString(), data, tok.get("source").getAsString(),
                    tok.get("target").getAsString(), training, dataFile,
                    RunOptions.fromJson(o.has("run_options") ? o.getAsJsonObject("run_options") : null));
        } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException
                 | IllegalArgumentException e) {
            throw new IOException(file + ": not a task file written by attention-lab train (" + e.getMessage() + ")");
        }
    }

    /** The training part's options; a task.json written before they existed has the split's own pairs. */
    private static TaskOptions.TrainingPart trainingPart(JsonObject d) {
        return new TaskOptions.TrainingPart(
                d.has("train_limit") ? d.get("train_limit").getAsInt() : 0,
                d.has("extra_phrases") ? d.get("extra_phrases").getAsInt() : 0,
                d.has("long_sentences") && d.get("long_sentences").getAsBoolean(),
                d.has("sentence_repeats") ? d.get("sentence_repeats").getAsInt() : 1);
    }

    private static TaskOptions.Subwords subwords(JsonObject data) {
        if (!data.has("subwords")) {
            return TaskOptions.Subwords.DEFAULT;
        }
        JsonObject s = data.getAsJsonObject("subwords");
        return new TaskOptions.Subwords(s.get("merges").getAsInt(), s.get("vocabulary_size").getAsInt(),
                s.get("joint").getAsBoolean());
    }

    /** Writes the merges of the task's byte-pair tokenizers (nothing for other tokenizers). */
    void saveMerges(Task task) throws IOException {
        if (task.sourceTokenizer() instanceof BytePairTokenizer b) {
            b.model().save(file(SOURCE_MERGES));
        }
        if (task.targetTokenizer() instanceof BytePairTokenizer b) {
            b.model().save(file(TARGET_MERGES));
        }
    }

    /** A saved tokenizer: by name, or for bpe from its merges file (not learned again). */
    private Tokenizer tokenizer(String name, String mergesFile) throws IOException {
        if (!name.equals(BytePairTokenizer.NAME)) {
            return Tokenizer.forName(name);
        }
        Path f = file(mergesFile);
        if (!Files.isRegularFile(f)) {
            throw new UsageException(dir + " was trained with --tokenizer bpe but has no " + mergesFile);
        }
        return BytePairTokenizer.load(f);
    }

    /** The saved vocabularies with the saved tokenizers, and no examples: enough to encode and decode text. */
    Task textOnlyTask(Spec spec) throws IOException {
        return new Task(spec.task(), tokenizer(spec.sourceTokenizer(), SOURCE_MERGES),
                tokenizer(spec.targetTokenizer(), TARGET_MERGES), Splits.trainOnly(java.util.List.of()),
                Vocabulary.load(file(SOURCE_VOCAB)), Vocabulary.load(file(TARGET_VOCAB)));
    }

    /**
     * The task rebuilt from its spec (regenerated or re-read, same split), with the saved tokenizers
     * and vocabularies. Byte-pair merges are read from their files, not learned again: the split does
     * not depend on the tokenizer, so the task is rebuilt with the default one and given the saved.
     */
    Task rebuiltTask(Spec spec) throws IOException {
        Vocabulary source = Vocabulary.load(file(SOURCE_VOCAB));
        Vocabulary target = Vocabulary.load(file(TARGET_VOCAB));
        if (!BytePairTokenizer.NAME.equals(spec.data().tokenizer())) {
            return Tasks.forName(spec.task(), spec.data()).withVocabularies(source, target);
        }
        return Tasks.forName(spec.task(), spec.data().withTokenizer(null)).withTokenizers(
                tokenizer(spec.sourceTokenizer(), SOURCE_MERGES), tokenizer(spec.targetTokenizer(), TARGET_MERGES),
                source, target);
    }

    /** The inverse of {@link ScheduledSampling#parse}. */
    static String samplingSpec(ScheduledSampling s) {
        return switch (s.decay()) {
            case NONE -> "none";
            case LINEAR -> "linear:" + s.rate() + ":" + s.minimum();
            case EXPONENTIAL -> "exponential:" + s.rate() + ":" + s.minimum();
            case INVERSE_SIGMOID -> "inverse-sigmoid:" + s.rate() + ":" + s.minimum();
        };
    }
}
