package org.attentionlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.attentionlab.data.Example;
import org.attentionlab.data.Task;
import org.attentionlab.io.SafeTensors;
import org.attentionlab.nn.Checkpoint;
import org.attentionlab.nn.Transformer;
import org.attentionlab.train.Trainer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The end of {@code train}: the test split scored with the last model, and with the best and the
 * averaged model where the run kept them, each block printed and recorded in
 * {@code DIR/scores.json} ({@link RunScores}) under {@code test/model/...}, {@code test/best/...},
 * {@code test/averaged/...}.
 */
final class FinalScores {
    private FinalScores() {
    }

    /**
     * Scores, prints and records; {@code scores} already holds the session's run block and is
     * written even when the task has no test split.
     *
     * @param averaged whether the run wrote {@code DIR/averaged.safetensors} this session (--average-last)
     */
    static void scoreAndRecord(RunDirectory run, Task task, List<Example> test, Trainer trainer, RunOptions session,
            boolean averaged, RunScores scores, int batch, PrintStream out) throws IOException {
        if (test.isEmpty()) {
            scores.save();
            out.println("no test split: nothing to score");
            return;
        }
        int limit = session.testLimit();
        if (limit > 0 && test.size() > limit) {
            test = test.subList(0, limit);
        }
        Decoding.Settings decoding = session.decoding();
        out.println("test split, " + decoding.describe() + ":");
        score(scores, "model", trainer.step(), trainer.model(), task, test, decoding, batch, out);
        Path best = run.file(RunDirectory.BEST);
        if (session.keepBest() && Files.isRegularFile(best)) {
            SafeTensors st = SafeTensors.read(best);
            out.println("test split, best checkpoint (step " + st.metadata().get(Trainer.STEP_KEY) + "), "
                    + decoding.describe() + ":");
            score(scores, "best", RunScores.modelStep(best), Checkpoint.load(st, best, DataType.FLOAT), task, test,
                    decoding, batch, out);
        }
        if (averaged) {
            Path file = run.file(RunDirectory.AVERAGED);
            out.println("test split, mean of the last snapshots (" + file.getFileName() + "), "
                    + decoding.describe() + ":");
            score(scores, "averaged", RunScores.modelStep(file), Checkpoint.load(file), task, test, decoding, batch,
                    out);
        }
        scores.save();
        out.println("wrote " + run.file(RunScores.FILE) + " (attention-lab summarize reads it)");
    }

    /** Scores one model on the test examples, prints the block and records it under {@code test/NAME/...}. */
    private static void score(RunScores scores, String name, long step, Transformer model, Task task,
            List<Example> test, Decoding.Settings decoding, int batch, PrintStream out) {
        Scoring.Report r = Scoring.score(model, task, test, decoding, batch);
        r.print(out);
        scores.put("test", name, decoding, step, r, "train");
    }
}
