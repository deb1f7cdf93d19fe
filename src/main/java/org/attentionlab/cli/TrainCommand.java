package org.attentionlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.attentionlab.data.EncodedPair;
import org.attentionlab.data.FileFingerprint;
import org.attentionlab.data.Task;
import org.attentionlab.data.TaskOptions;
import org.attentionlab.data.Tasks;
import org.attentionlab.data.Vocabulary;
import org.attentionlab.nn.Checkpoint;
import org.attentionlab.nn.ModelSizeException;
import org.attentionlab.nn.TransformerConfig;
import org.attentionlab.train.ScheduledSampling;
import org.attentionlab.train.Trainer;
import org.attentionlab.train.TrainingConfig;
import org.attentionlab.viz.Charts;
import org.attentionlab.viz.CurveOptions;
import org.attentionlab.viz.LossCurves;

/**
 * {@code train}: builds a task, trains a Transformer on it, writes the run directory
 * ({@link RunDirectory}) and prints greedy test-split scores at the end.
 *
 * <p>The defaults are a small model (d_model 64, 2+2 layers) and the paper's warm-up schedule,
 * chosen so that the synthetic tasks learn in minutes on two cores; docs/results.md lists the
 * settings measured on each task.
 */
final class TrainCommand implements Command {

    /**
     * ND4J frees off-heap buffers only when the Java GC collects their wrappers. The trainer's
     * per-step workspace holds the step's temporaries, but what is allocated outside it (batches'
     * masks, evaluation, progress) still accumulates: 1,500 steps of the default copy run peaked at
     * 1.34 GB without this, 0.93 GB collecting every 250 steps, 0.67 GB every 50 steps, with wall
     * times of 86, 98 and 100 s (one run each, load about 1: within noise of each other). Measured
     * before Dropout and LayerNorm stopped allocating Java arrays each step and before the serial
     * collector became the launcher's default. With both it still pays: 455 MB with this call, 690 MB
     * without, in 51-55 s against 56-59 s (two runs each; docs/benchmarks.md, third pass).
     */
    private static final org.attentionlab.train.TrainingListener OFF_HEAP_GC = new org.attentionlab.train.TrainingListener() {
        @Override
        public void onStep(StepEvent e) {
            if (e.step() % 50 == 0) {
                System.gc();
            }
        }
    };

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "train a model on a task; writes checkpoint, vocabularies, metrics.csv, loss.png";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: attention-lab train --task TASK --out DIR [options]",
                "       attention-lab train --out DIR --resume [--steps N]",
                "  --task TASK        " + String.join(", ", Tasks.NAMES),
                "  --out DIR          run directory: model.safetensors, src.vocab, tgt.vocab, task.json,",
                "                     metrics.csv, loss.png, and scores.json (the final test scores below, with the",
                "                     run's steps, wall and CPU seconds; attention-lab summarize reads it)",
                "  --resume           continue the run in DIR from its checkpoint with every setting recorded in",
                "                     DIR/task.json; --steps N trains longer, --valid-limit, --test-limit, --cap-a,",
                "                     --cap-b, --max-minutes, --keep-best, --average-last, --bleu-every, --bleu-limit",
                "                     and --cache replace the recorded ones",
                "  --allow-changed-data  with --resume of a tsv:FILE run: use FILE although it changed since",
                "                     (refused by default: its splits would be other examples)",
                "  One train writes DIR at a time: a second one refuses, naming the first's pid (DIR/train.lock).",
                "model:",
                "  --d-model N (64)  --heads N (4)  --d-ff N (256)  --layers N (2, encoder and decoder each)",
                "  --dropout P (0.1)",
                "  --tie-embeddings   one vocabulary for both sides, and the source embedding, target embedding and",
                "                     output projection one matrix (the paper's section 3.4; with bpe use joint merges)",
                "  --length-classes N (0)  add a length head predicting target lengths 0..N-1 (trained jointly,",
                "                     weight 0.1), for decode/eval --length predicted",
                "training:",
                "  --steps N (2000)  --batch N (32)  --accumulate N (1)",
                "  --lr X (1.0)       with --warmup > 0 the factor of the paper's schedule",
                "                     X * d_model^-0.5 * min(step^-0.5, step * warmup^-1.5); with --warmup 0 the rate",
                "  --warmup N (200)   --label-smoothing E (0.1)  --clip N (1.0, 0 = off)",
                "  --cooldown N (0)   scale the rate down linearly to zero over the last N steps",
                "  --sampling SPEC    none (teacher forcing, default), linear:C, exponential:K, inverse-sigmoid:K[:MIN]",
                "  --eval-every N (200)  --checkpoint-every N (500)  --seed N (1)",
                "  --keep-best        also write DIR/best.safetensors at each new lowest validation loss",
                "                     (for eval/decode --best; the final test scores then cover both models)",
                "  --average-last N   keep the model every --checkpoint-every steps in DIR/checkpoints (the last N)",
                "                     and write their mean to DIR/averaged.safetensors at the end (scored too)",
                "  --bleu-every N     greedy BLEU on the first --bleu-limit validation examples (default 500)",
                "                     every N steps, into DIR/bleu.csv (its time counts against --max-minutes)",
                "data:",
                "  --examples N       synthetic: examples to generate (10000); real/tsv: most to keep (all)",
                "  --min-len N (5)  --max-len N (20)   synthetic source lengths",
                "  --tokenizer char|word|word-punct|bpe   both sides (default: the task's own); bpe: byte-pair",
                "                     subwords learned from the training split, saved as DIR/src.merges, tgt.merges",
                "  --merges N (8000)  bpe: merges to learn   --vocab-size N   bpe: learn up to this vocabulary instead",
                "  --separate-merges  bpe: learn source and target merges apart (default: jointly, as the paper)",
                "  --min-freq N (1)  --max-vocab N (0 = no limit)   vocabularies of real and tsv tasks (not bpe)",
                "  --extra-phrases N|all  de-en, en-de: add N of the dictionary's word and phrase entries (388k)",
                "                     to the training split (validation and test unchanged)",
                "  --long-sentences   de-en, en-de: add the dictionary's sentence pairs over 60 characters (4.5k)",
                "  --sentence-repeats N (1)  repeat the training sentence pairs N times (weight beside phrases)",
                "  --train-limit N    train on a seeded sample of N of the training split's pairs (0 = all)",
                "  --cache DIR        where fetched data sets are kept (default $ATTENTION_LAB_CACHE or ~/.cache/attention-lab)",
                "  --valid-limit N    evaluate on the first N validation examples (default 1000, 0 = all)",
                "  --max-minutes M    stop after the step that passes M minutes of training, save, and score",
                "                     (default 0: no limit; --resume --steps N continues such a run)",
                "final test scores (greedy, END token with a cap):",
                "  --test-limit N     score at most the first N test examples (default all)",
                "  --cap-a A --cap-b B  cap a * source length + b (default 2 and 10); outputs end at the model's",
                "                     max_len - 1 = 511 tokens whatever the cap, and the scores say how many did");
    }

    @Override
    public int run(Options options, PrintStream out, PrintStream err) throws IOException {
        // The run directory's lock, once taken, is held until the command returns (RunLock).
        try (RunLock.Slot lock = new RunLock.Slot()) {
            return run(options, out, err, lock);
        }
    }

    private int run(Options options, PrintStream out, PrintStream err, RunLock.Slot lock) throws IOException {
        Path dir = Path.of(options.required("out"));
        RunDirectory run = new RunDirectory(dir);
        boolean resume = options.flag("resume");
        Trainer trainer;
        Task task;
        RunDirectory.Spec spec;
        if (resume) {
            return resume(run, options, out, err, lock);
        }
        String taskName = options.required("task");
        boolean tied = options.flag("tie-embeddings");
        TaskOptions data = TrainDataOptions.read(options, tied);
        String cache = options.string("cache", null);
        if (cache != null) {
            data = data.withCacheDir(Path.of(cache));
        }
        Path tsvFile = null;
        if (taskName.startsWith("tsv:")) {
            tsvFile = Path.of(taskName.substring(4));
            if (!Files.isRegularFile(tsvFile)) {
                throw new UsageException("option --task: no such file: " + tsvFile);
            }
            taskName = "tsv:" + tsvFile.toAbsolutePath();
        }
        int layers = options.integer("layers", 2);
        TransformerConfig.Builder model = TransformerConfig.builder()
                .dModel(options.integer("d-model", 64))
                .heads(options.integer("heads", 4))
                .dFf(options.integer("d-ff", 256))
                .encoderLayers(layers)
                .decoderLayers(layers)
                .dropout(options.decimal("dropout", 0.1))
                .lengthClasses(options.integer("length-classes", 0))
                .tieAll(tied);
        int specials = Vocabulary.SPECIALS.size();
        sized(model.srcVocab(specials).tgtVocab(specials), false); // the sizes given, before the task takes its time
        TrainingConfig training = TrainingConfig.builder()
                .steps(options.integer("steps", 2000))
                .batchSize(options.integer("batch", 32))
                .accumulate(options.integer("accumulate", 1))
                .learningRate(options.decimal("lr", 1.0))
                .warmup(options.integer("warmup", 200))
                .cooldown(options.integer("cooldown", 0))
                .labelSmoothing(options.decimal("label-smoothing", 0.1))
                .clipNorm(options.decimal("clip", 1.0))
                .sampling(ScheduledSampling.parse(options.string("sampling", "none")))
                .evalEvery(options.integer("eval-every", 200))
                .checkpointEvery(options.integer("checkpoint-every", 500))
                .seed(data.seed())
                .build();
        RunOptions session = RunOptions.read(options, RunOptions.DEFAULTS);
        options.finish(false);
        lock.take(run);
        if (Files.exists(run.file(RunDirectory.CHECKPOINT))) {
            throw new UsageException(dir + " already holds a run; continue it with --resume or choose another --out");
        }
        removeStaleTemporaryFiles(run, err);
        // Before the task reads the file, so that the fingerprint is of what it trains on.
        FileFingerprint dataFile = tsvFile == null ? null : FileFingerprint.of(tsvFile);
        err.println("building task " + taskName + " ...");
        long building = System.nanoTime();
        task = Tasks.forName(taskName, data);
        err.printf("%s (built in %.1f s)%n", task.describe(), (System.nanoTime() - building) / 1e9);
        TransformerConfig modelConfig = sized(model.srcVocab(task.sourceVocabulary().size())
                .tgtVocab(task.targetVocabulary().size()), true);
        spec = new RunDirectory.Spec(taskName, data, task.sourceTokenizer().name(), task.targetTokenizer().name(),
                training, dataFile, session);
        Files.createDirectories(dir);
        run.writeSpec(spec);
        run.saveMerges(task);
        task.sourceVocabulary().save(run.file(RunDirectory.SOURCE_VOCAB));
        task.targetVocabulary().save(run.file(RunDirectory.TARGET_VOCAB));
        trainer = Trainer.create(modelConfig, training);
        err.printf("model: d_model %d, %d heads, d_ff %d, %d+%d layers, %,d parameters%n", modelConfig.dModel(),
                modelConfig.heads(), modelConfig.dFf(), layers, layers, parameterCount(trainer));
        return train(run, spec, task, trainer, session, out, err);
    }

    /**
     * {@code train --out DIR --resume}: the run continues with every setting task.json records
     * (those given again replace them and are recorded), under DIR's lock; what a killed session
     * left behind (temporary files, metrics rows after the checkpoint) is cleared first.
     */
    private int resume(RunDirectory run, Options options, PrintStream out, PrintStream err, RunLock.Slot lock)
            throws IOException {
        int steps = options.integer("steps", 0);
        if (options.string("steps", null) != null && steps < 1) {
            throw new UsageException("option --steps must be at least 1, got " + steps);
        }
        String cache = options.string("cache", null);
        boolean allowChangedData = options.flag("allow-changed-data");
        RunDirectory.existing(run.dir());
        RunOptions.read(options, run.readSpec().options()); // usage errors before anything is touched
        options.finish(false);
        lock.take(run);
        RunDirectory.Spec spec = run.readSpec(); // again: a train that held the lock may have rewritten it
        spec = spec.withOptions(RunOptions.read(options, spec.options()));
        if (steps > 0) {
            spec = spec.withTraining(spec.training().toBuilder().steps(steps).build());
        }
        if (cache != null) {
            spec = new RunDirectory.Spec(spec.task(), spec.data().withCacheDir(Path.of(cache)), spec.sourceTokenizer(),
                    spec.targetTokenizer(), spec.training(), spec.dataFile(), spec.options());
        }
        removeStaleTemporaryFiles(run, err);
        FileFingerprint dataFile = run.checkDataFile(spec, allowChangedData, err);
        if (dataFile != null) {
            spec = spec.withDataFile(dataFile);
        }
        Task task = run.rebuiltTask(spec);
        Path checkpoint = run.file(RunDirectory.CHECKPOINT);
        RunModel.checkVocabularies(run, checkpoint, Checkpoint.readConfig(checkpoint), task);
        Trainer trainer = Trainer.resume(checkpoint, spec.training());
        if (trainer.step() > spec.training().steps()) {
            throw new UsageException("the checkpoint is at step " + trainer.step() + ", past the " + spec.training().steps()
                    + " steps asked for; give --steps " + trainer.step() + " or more");
        }
        run.writeSpec(spec);
        int dropped = Progress.truncate(run.file(RunDirectory.METRICS), trainer.step());
        if (dropped > 0) {
            err.println("removed " + dropped + " rows of " + RunDirectory.METRICS + " written after the checkpoint of step "
                    + trainer.step() + " (those steps are taken again)");
        }
        int probes = BleuProbe.truncate(run.file(RunDirectory.BLEU), trainer.step());
        int snapshots = Snapshots.removeAfter(run.file(RunDirectory.SNAPSHOTS), trainer.step());
        if (probes + snapshots > 0) {
            err.println("removed " + probes + " rows of " + RunDirectory.BLEU + " and " + snapshots + " snapshots written"
                    + " after the checkpoint of step " + trainer.step());
        }
        err.println("resuming " + run.dir() + " at step " + trainer.step() + " of " + spec.training().steps());
        return train(run, spec, task, trainer, spec.options(), out, err);
    }

    private static void removeStaleTemporaryFiles(RunDirectory run, PrintStream err) throws IOException {
        int removed = run.removeStaleTemporaryFiles();
        if (removed > 0) {
            err.println("removed " + removed + " temporary file" + (removed == 1 ? "" : "s")
                    + " left by a run killed while writing");
        }
    }

    private int train(RunDirectory run, RunDirectory.Spec spec, Task task, Trainer trainer, RunOptions session,
                      PrintStream out, PrintStream err) throws IOException {
        int validLimit = session.validLimit();
        double maxMinutes = session.maxMinutes();
        List<EncodedPair> train = task.encode(task.train());
        List<org.attentionlab.data.Example> validExamples = task.valid();
        if (validLimit > 0 && validExamples.size() > validLimit) {
            validExamples = validExamples.subList(0, validLimit);
        }
        List<EncodedPair> valid = task.encode(validExamples);
        // Scores of the model before this session (a resumed run) would no longer describe it.
        Files.deleteIfExists(run.file(RunScores.FILE));
        long startStep = trainer.step();
        boolean stoppedByTime = false;
        long started = System.nanoTime();
        double cpuStarted = cpuSeconds();
        Snapshots snapshots = session.averageLast() == 0 ? null : new Snapshots(run, trainer.model(),
                Math.max(1, spec.training().checkpointEvery()), session.averageLast());
        try (Progress progress = new Progress(run.file(RunDirectory.METRICS), err, Progress.isTerminal(err),
                trainer.step()); BleuProbe probe = bleuProbe(run, trainer, task, session, err)) {
            trainer.listen(progress);
            trainer.listen(OFF_HEAP_GC);
            if (session.keepBest()) {
                trainer.listen(BestCheckpoint.of(run, trainer, err));
            }
            if (snapshots != null) {
                trainer.listen(snapshots);
            }
            if (probe != null) {
                trainer.listen(probe);
            }
            if (maxMinutes > 0) {
                trainer.listen(new TimeLimit(maxMinutes * 60));
            }
            try {
                trainer.fit(train, valid, run.file(RunDirectory.CHECKPOINT));
            } catch (TimeLimit.Reached stop) {
                progress.endLine();
                err.println("time limit of " + maxMinutes + " minutes reached at step " + trainer.step()
                        + "; saving the checkpoint");
                trainer.save(run.file(RunDirectory.CHECKPOINT));
                stoppedByTime = true;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpu = cpuSeconds() - cpuStarted;
        Path averaged = run.file(RunDirectory.AVERAGED);
        if (snapshots != null) {
            Snapshots.report(snapshots.average(trainer.step(), averaged), averaged, err);
        }
        Charts.save(LossCurves.chart(Progress.readHistory(run.file(RunDirectory.METRICS), spec.task()),
                CurveOptions.defaults().withSmoothing(0.9)), run.file(RunDirectory.LOSS_PLOT));
        out.printf("trained %s to step %d in %s wall, %s CPU (this process, all threads); wrote %s%n", spec.task(),
                trainer.step(), Progress.duration(seconds), Progress.duration(cpu), run.dir());
        List<org.attentionlab.data.Example> test = task.test();
        RunScores scores = RunScores.fresh(run.dir(), new RunScores.Session(trainer.step(), startStep, seconds, cpu,
                stoppedByTime, maxMinutes, task.train().size(), task.valid().size(), test.size(),
                task.sourceVocabulary().size(), task.targetVocabulary().size(), parameterCount(trainer)));
        FinalScores.scoreAndRecord(run, task, test, trainer, session, snapshots != null, scores,
                spec.training().batchSize(), out);
        return 0;
    }

    /**
     * The model configuration; a size over {@link org.attentionlab.nn.ModelLimits} is a usage error naming the option,
     * the value, the limit and what the model would need ({@code --d-model 1,000,000 exceeds ...}).
     * Before the task is built its vocabularies are placeholders, left out of the message.
     */
    private static TransformerConfig sized(TransformerConfig.Builder model, boolean vocabulariesKnown) {
        try {
            return model.build();
        } catch (ModelSizeException e) {
            throw new UsageException(e.message(key -> switch (key) {
                case "d_model" -> "--d-model";
                case "heads" -> "--heads";
                case "d_ff" -> "--d-ff";
                case "encoder_layers", "decoder_layers" -> "--layers";
                case "length_classes" -> "--length-classes";
                case "src_vocab" -> vocabulariesKnown ? "the source vocabulary's size" : null;
                case "tgt_vocab" -> vocabulariesKnown ? "the target vocabulary's size" : null;
                default -> key;
            }));
        }
    }

    /** The BLEU probe of {@code --bleu-every}, or null without it (or without validation examples). */
    private static BleuProbe bleuProbe(RunDirectory run, Trainer trainer, Task task, RunOptions session,
            PrintStream err)
            throws IOException {
        List<org.attentionlab.data.Example> examples = task.valid();
        if (session.bleuEvery() == 0 || examples.isEmpty()) {
            return null;
        }
        if (session.bleuLimit() > 0 && examples.size() > session.bleuLimit()) {
            examples = examples.subList(0, session.bleuLimit());
        }
        return new BleuProbe(run, trainer.model(), task, examples, session.bleuEvery(),
                trainer.config().batchSize(), trainer.step() == 0, err);
    }

    /**
     * CPU time of this process so far. On a shared machine wall time says little; with one ND4J
     * thread the CPU time is close to the wall time the same run takes on an idle machine.
     */
    static double cpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    private static long parameterCount(Trainer trainer) {
        long n = 0;
        for (var p : trainer.model().parameters()) {
            n += p.length();
        }
        return n;
    }
}
