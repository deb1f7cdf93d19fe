package org.attentionlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.attentionlab.data.Example;
import org.attentionlab.data.Task;
import org.attentionlab.data.TsvPairs;
import org.attentionlab.nn.Checkpoint;
import org.attentionlab.nn.Transformer;

/** {@code eval}: free-running scores of a trained run on a split of its task or on a file of pairs. */
final class EvalCommand implements Command {
    @Override
    public String name() {
        return "eval";
    }

    @Override
    public String summary() {
        return "score a trained run on its test/valid split or a TSV file";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: attention-lab eval --checkpoint DIR [--split test|valid | --data FILE] [options]",
                "  --checkpoint DIR   a run directory written by attention-lab train",
                RunDirectory.MODEL_USAGE,
                "  --split test|valid the split of the run's task, rebuilt from DIR/task.json (default test)",
                "  --data FILE        score source<TAB>target lines of FILE instead (UTF-8)",
                "  --limit N          score only the first N examples (default all)",
                "  --batch N          sources decoded together (default 32)",
                "  --show-errors N    print the first N wrong outputs with their references",
                "  --allow-changed-data  score a tsv:FILE run's split although FILE changed since training",
                "                     (refused by default: the split would be other examples; not recorded)",
                "  --no-record        do not record the scores in DIR/scores.json. By default a score of the run's",
                "                     whole test or valid split (not --data FILE, not --limit N below its size) adds",
                "                     or replaces the entry SPLIT/MODEL/DECODING there, e.g. test/model/beam4-alpha0.6",
                "                     (MODEL: model, best, averaged or the --model file's name)",
                Decoding.USAGE,
                RunModel.ALLOW_NONFINITE_USAGE);
    }

    @Override
    public int run(Options options, PrintStream out, PrintStream err) throws IOException {
        Path checkpoint = Path.of(options.required("checkpoint"));
        String split = options.string("split", null);
        String data = options.string("data", null);
        if (split != null && data != null) {
            throw new UsageException("give --split or --data, not both");
        }
        if (split != null && !split.equals("test") && !split.equals("valid")) {
            throw new UsageException("option --split must be test or valid, got '" + split + "'");
        }
        Path file = data == null ? null : options.existingFile("data");
        int limit = options.integer("limit", 0);
        int batch = options.integer("batch", 32);
        int show = options.integer("show-errors", 0);
        if (limit < 0 || batch < 1) {
            throw new UsageException("--limit must be 0 (all) or more and --batch at least 1, got " + limit + " and " + batch);
        }
        RunDirectory.ModelChoice choice = RunDirectory.ModelChoice.read(options);
        boolean allowChangedData = options.flag("allow-changed-data");
        boolean record = !options.flag("no-record");
        Decoding.Settings settings = Decoding.fromOptions(options);
        Checkpoint.LoadOptions loading = RunModel.loadOptions(options);
        options.finish(false);
        RunDirectory run = RunDirectory.existing(checkpoint);
        RunDirectory.Spec spec = run.readSpec();
        Task task;
        List<Example> examples;
        String what;
        String recordAs = null; // the split's name when the scores go into scores.json
        String notRecorded = null; // why a score of the run's split is not, said after the scores
        if (file != null) {
            task = run.textOnlyTask(spec);
            examples = TsvPairs.load(file);
            what = file.toString();
        } else {
            org.attentionlab.data.FileFingerprint now = run.checkDataFile(spec, allowChangedData, err);
            boolean changed = now != null && !now.equals(spec.dataFile());
            task = run.rebuiltTask(spec);
            what = split == null ? "test" : split;
            examples = what.equals("valid") ? task.valid() : task.test();
            recordAs = changed ? null : what;
            notRecorded = changed ? "these are not the examples the run was trained and tested with" : null;
            what = spec.task() + " " + what + " split";
        }
        if (limit > 0 && examples.size() > limit) {
            examples = examples.subList(0, limit);
            if (recordAs != null) {
                notRecorded = "--limit " + limit + " scores part of the split, and would replace the whole split's";
            }
            recordAs = null;
        }
        // Read before decoding, so that a damaged scores.json fails now rather than after the scoring.
        boolean recording = record && recordAs != null;
        if (recording) {
            RunScores.readOrEmpty(run.dir());
        }
        Path modelFile = run.model(choice);
        Transformer model = RunModel.load(run, modelFile, task, loading);
        out.println(what + ", " + settings.describe() + ":");
        Scoring.Report report = Scoring.score(model, task, examples, settings, batch, Math.max(0, show));
        report.print(out);
        if (recording) {
            // Read again: decoding can take minutes, and what others recorded meanwhile is kept.
            RunScores scores = RunScores.readOrEmpty(run.dir());
            String name = choice.other() != null ? modelFile.getFileName().toString()
                    : choice.best() ? "best" : choice.averaged() ? "averaged" : "model";
            scores.put(recordAs, name, settings, RunScores.modelStep(modelFile), report, "eval");
            scores.addRunIfMissing(RunScores.modelStep(run.file(RunDirectory.CHECKPOINT)), task, model,
                    spec.options().maxMinutes());
            scores.save();
            out.println("recorded as " + recordAs + "/" + name + "/" + RunScores.decodingId(settings) + " in "
                    + run.file(RunScores.FILE));
        } else if (record && notRecorded != null) {
            out.println("not recorded in " + run.file(RunScores.FILE) + ": " + notRecorded);
        }
        return 0;
    }
}
