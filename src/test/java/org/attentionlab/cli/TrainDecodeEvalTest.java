package org.attentionlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.attentionlab.nn.Checkpoint;
import org.attentionlab.nn.Transformer;
import org.attentionlab.train.Trainer;
import org.attentionlab.io.SafeTensors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train, decode and eval through {@link Main#run}: a tiny model trained for a few steps (it learns
 * nothing; the test checks the files, the output format and the exit codes, not accuracy).
 */
class TrainDecodeEvalTest {
    @TempDir
    static Path tmp;
    static Path run;
    static Result trained;

    record Result(int code, String out, String err) {
    }

    static Result cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static final String[] TINY = {"--task", "reverse", "--examples", "120", "--min-len", "3", "--max-len", "6",
        "--steps", "4", "--batch", "8", "--d-model", "16", "--heads", "2", "--d-ff", "32", "--layers", "1",
        "--eval-every", "2", "--warmup", "2", "--test-limit", "4"};

    @BeforeAll
    static void trainTinyModel() {
        run = tmp.resolve("run");
        String[] args = new String[TINY.length + 3];
        args[0] = "train";
        System.arraycopy(TINY, 0, args, 1, TINY.length);
        args[TINY.length + 1] = "--out";
        args[TINY.length + 2] = run.toString();
        trained = cli(args);
    }

    @Test
    void trainWritesTheRunDirectoryAndPrintsTestScores() throws Exception {
        assertEquals(0, trained.code(), trained.err());
        for (String f : List.of("model.safetensors", "src.vocab", "tgt.vocab", "task.json", "metrics.csv", "loss.png")) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f);
        }
        assertTrue(trained.out().contains("sequence accuracy"), trained.out());
        assertTrue(trained.out().contains("char error rate"), trained.out());
        assertTrue(trained.err().contains("step 4/4"), trained.err());
        // The model loads on its own, and the file is a training checkpoint at step 4.
        Transformer model = Checkpoint.load(run.resolve("model.safetensors"));
        assertEquals(16, model.config().dModel());
        assertEquals("4", SafeTensors.read(run.resolve("model.safetensors")).metadata().get(Trainer.STEP_KEY));
        List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals(Progress.HEADER, csv.get(0));
        assertEquals(4, csv.stream().filter(l -> l.startsWith("train,")).count());
        assertEquals(2, csv.stream().filter(l -> l.startsWith("valid,")).count()); // steps 2 and 4
    }

    @Test
    void decodePrintsTargetAlphabetText() {
        Result r = cli("decode", "--checkpoint", run.toString(), "--input", "abc");
        assertEquals(0, r.code(), r.err());
        String text = r.out().strip();
        assertTrue(text.chars().allMatch(c -> Character.isLetterOrDigit(c)), "output '" + text + "'");
        Result beam = cli("decode", "--checkpoint", run.toString(), "--input", "abc", "--beam", "3", "--alpha", "0.6");
        assertEquals(0, beam.code(), beam.err());
    }

    @Test
    void evalScoresSplitsAndFiles() throws Exception {
        Result test = cli("eval", "--checkpoint", run.toString(), "--limit", "6");
        assertEquals(0, test.code(), test.err());
        assertTrue(test.out().startsWith("reverse test split"), test.out());
        assertTrue(test.out().contains("examples            6"), test.out());
        Path tsv = tmp.resolve("pairs.tsv");
        Files.writeString(tsv, "abc\tcba\nxyz1\t1zyx\n");
        Result file = cli("eval", "--checkpoint", run.toString(), "--data", tsv.toString(), "--beam", "2");
        assertEquals(0, file.code(), file.err());
        assertTrue(file.out().contains("examples            2"), file.out());
    }

    @Test
    void resumeContinuesToMoreSteps() throws Exception {
        Path copy = tmp.resolve("resumed");
        Files.createDirectories(copy);
        for (String f : List.of("model.safetensors", "src.vocab", "tgt.vocab", "task.json", "metrics.csv")) {
            Files.copy(run.resolve(f), copy.resolve(f));
        }
        Result r = cli("train", "--out", copy.toString(), "--resume", "--steps", "6", "--test-limit", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("at step 4 of 6"), r.err());
        assertEquals("6", SafeTensors.read(copy.resolve("model.safetensors")).metadata().get(Trainer.STEP_KEY));
        List<String> csv = Files.readAllLines(copy.resolve("metrics.csv"));
        assertEquals(6, csv.stream().filter(l -> l.startsWith("train,")).count(), "rows appended, not replaced");
        assertEquals(1, csv.stream().filter(l -> l.startsWith("kind,")).count());
    }

    @Test
    void resumeRefusesOtherSettingsAndTrainRefusesToOverwrite() {
        Result other = cli("train", "--out", run.toString(), "--resume", "--lr", "0.1");
        assertEquals(2, other.code());
        assertTrue(other.err().contains("unknown option --lr"), other.err());
        String[] again = new String[TINY.length + 3];
        again[0] = "train";
        System.arraycopy(TINY, 0, again, 1, TINY.length);
        again[TINY.length + 1] = "--out";
        again[TINY.length + 2] = run.toString();
        Result overwrite = cli(again);
        assertEquals(2, overwrite.code());
        assertTrue(overwrite.err().contains("already holds a run"), overwrite.err());
    }

    @Test
    void keepBestWritesTheCheckpointOfTheLowestValidationLoss() throws Exception {
        Path kept = tmp.resolve("kept");
        String[] args = new String[TINY.length + 4];
        args[0] = "train";
        System.arraycopy(TINY, 0, args, 1, TINY.length);
        System.arraycopy(new String[] {"--keep-best", "--out", kept.toString()}, 0, args, TINY.length + 1, 3);
        Result r = cli(args);
        assertEquals(0, r.code(), r.err());
        // the step of the lowest validation loss in metrics.csv is the step of best.safetensors
        long bestStep = -1;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (String line : Files.readAllLines(kept.resolve("metrics.csv"))) {
            String[] f = line.split(",", -1);
            if (f[0].equals("valid") && Double.parseDouble(f[2]) < bestLoss) {
                bestLoss = Double.parseDouble(f[2]);
                bestStep = Long.parseLong(f[1]);
            }
        }
        assertTrue(bestStep > 0, "no validation rows");
        assertEquals(Long.toString(bestStep),
                SafeTensors.read(kept.resolve("best.safetensors")).metadata().get(Trainer.STEP_KEY));
        assertTrue(r.err().contains("step " + bestStep + ": lowest validation loss so far"), r.err());
        assertTrue(r.out().contains("test split, best checkpoint (step " + bestStep + ")"), r.out());
        Result eval = cli("eval", "--checkpoint", kept.toString(), "--best", "--limit", "3");
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().contains("examples            3"), eval.out());
        Result none = cli("decode", "--checkpoint", run.toString(), "--best", "--input", "abc");
        assertEquals(2, none.code());
        assertTrue(none.err().contains("has no best.safetensors: it is written by attention-lab train --keep-best"),
                none.err());
    }

    @Test
    void timeLimitStopsSavesAndScores() throws Exception {
        Path limited = tmp.resolve("limited");
        Result r = cli("train", "--task", "copy", "--examples", "60", "--min-len", "3", "--max-len", "5", "--steps",
                "1000", "--batch", "8", "--d-model", "8", "--heads", "2", "--d-ff", "16", "--layers", "1",
                "--max-minutes", "0.00001", "--test-limit", "2", "--out", limited.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("time limit of 1.0E-5 minutes reached at step 1"), r.err());
        assertEquals("1", SafeTensors.read(limited.resolve("model.safetensors")).metadata().get(Trainer.STEP_KEY));
        assertTrue(r.out().contains("sequence accuracy"), r.out());
    }

    @Test
    void predictedLengthDecodesWithATrainedLengthHead() {
        Path withHead = tmp.resolve("with-head");
        String[] args = new String[TINY.length + 5];
        args[0] = "train";
        System.arraycopy(TINY, 0, args, 1, TINY.length);
        args[TINY.length + 1] = "--out";
        args[TINY.length + 2] = withHead.toString();
        args[TINY.length + 3] = "--length-classes";
        args[TINY.length + 4] = "24";
        Result t = cli(args);
        assertEquals(0, t.code(), t.err());
        Result r = cli("decode", "--checkpoint", withHead.toString(), "--input", "abc", "--length", "predicted");
        assertEquals(0, r.code(), r.err());
        Result beam = cli("decode", "--checkpoint", withHead.toString(), "--input", "abc", "--length", "predicted",
                "--beam", "3");
        assertEquals(2, beam.code());
        assertTrue(beam.err().contains("drop --beam"), beam.err());
    }

    @Test
    void predictedLengthNeedsALengthHead() {
        Result r = cli("decode", "--checkpoint", run.toString(), "--input", "abc", "--length", "predicted");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("needs a model trained with a length head"), r.err());
        Result bad = cli("decode", "--checkpoint", run.toString(), "--input", "abc", "--length", "guess");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--length must be end or predicted"), bad.err());
    }

    @Test
    void usageErrorsExitTwoWithoutStackTraces() {
        Path missing = tmp.resolve("nothing-here");
        String[][] cases = {
            {"train", "--task", "copy"},                                           // no --out
            {"train", "--task", "copy", "--out", tmp.resolve("x").toString(), "--bogus", "1"},
            {"train", "--task", "tsv:" + missing, "--out", tmp.resolve("y").toString()},
            {"train", "--out", missing.toString(), "--resume"},
            {"decode", "--checkpoint", missing.toString(), "--input", "abc"},
            {"decode", "--checkpoint", run.toString()},                            // no --input
            {"decode", "--checkpoint", run.toString(), "--input", "abc", "--beam", "zero"},
            {"eval", "--checkpoint", run.toString(), "--data", missing.toString()},
            {"eval", "--checkpoint", run.toString(), "--split", "train"},
            {"eval", "--checkpoint", run.toString(), "--split", "test", "--data", missing.toString()},
            {"eval", "--checkpoint", tmp.toString()},                              // a directory without a run
            {"bleu", "--ref", missing.toString(), "--hyp", missing.toString()},
            {"bleu", "--ref", "a", "--hyp", "b", "--smooth"},
        };
        for (String[] c : cases) {
            Result r = cli(c);
            assertEquals(2, r.code(), String.join(" ", c) + "\n" + r.err());
            assertTrue(r.err().contains("usage: attention-lab " + c[0]), r.err());
            assertFalse(r.err().contains("\tat "), "stack trace for " + String.join(" ", c));
        }
    }

    @Test
    void aValueWithALineBreakStaysOnTheErrorLine() {
        Result r = cli("decode", "--checkpoint", "no\nsuch", "--input", "abc");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("attention-lab decode: no such checkpoint directory: no\\nsuch\nusage:"), r.err());
    }

    @Test
    void unknownTaskIsAOneLineFailure() {
        Result r = cli("train", "--task", "poetry", "--out", tmp.resolve("z").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("unknown task 'poetry'"), r.err());
    }
}
