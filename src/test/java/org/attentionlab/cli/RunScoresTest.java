package org.attentionlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.attentionlab.cli.TrainDecodeEvalTest.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} records its final scores in DIR/scores.json, {@code eval} adds its own, and
 * {@code summarize} turns them into flat figures and a chart: on a tiny word-level run of six steps
 * (it learns nothing; the test checks that what is recorded is what was printed).
 */
class RunScoresTest {
    @TempDir
    static Path tmp;
    static Path run;
    static Path pairs;
    static Result trained;

    static final String[] WORDS = {"house", "game", "player", "runner", "work", "worker", "tree", "river"};

    static String[] tinyTrain(Path out, String... extra) {
        String[] base = {"train", "--task", "tsv:" + pairs, "--steps", "6", "--batch", "8", "--d-model", "16",
            "--heads", "2", "--d-ff", "32", "--layers", "1", "--eval-every", "2", "--warmup", "2", "--keep-best",
            "--bleu-every", "3", "--bleu-limit", "4", "--out", out.toString()};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    @BeforeAll
    static void trainTinyWordModel() throws Exception {
        StringBuilder tsv = new StringBuilder();
        for (int i = 0; i < 80; i++) {
            String a = WORDS[i % WORDS.length];
            String b = WORDS[(i * 3 + 1) % WORDS.length];
            tsv.append(b).append(" und ").append(a).append('\t').append(a).append(" and ").append(b).append('\n');
        }
        pairs = tmp.resolve("pairs.tsv");
        Files.writeString(pairs, tsv.toString());
        run = tmp.resolve("run");
        trained = TrainDecodeEvalTest.cli(tinyTrain(run));
    }

    static JsonObject json(Path file) throws Exception {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    @Test
    void trainRecordsWhatItPrints() throws Exception {
        assertEquals(0, trained.code(), trained.err());
        JsonObject scores = json(run.resolve(RunScores.FILE));
        assertEquals(RunScores.FORMAT, scores.get("format").getAsString());
        JsonObject r = scores.getAsJsonObject("run");
        assertEquals(6, r.get("steps").getAsInt());
        assertEquals(0, r.get("start_step").getAsInt());
        assertFalse(r.get("stopped_by_time_limit").getAsBoolean());
        assertEquals(80, r.get("train_pairs").getAsInt() + r.get("valid_pairs").getAsInt()
                + r.get("test_pairs").getAsInt());
        assertTrue(r.get("train_cpu_seconds").getAsDouble() > 0);
        JsonObject greedy = scores.getAsJsonObject("scores").getAsJsonObject("test/model/greedy");
        assertEquals(r.get("test_pairs").getAsInt(), greedy.get("examples").getAsInt());
        assertEquals("train", greedy.get("recorded_by").getAsString());
        assertEquals(6, greedy.get("model_step").getAsInt());
        assertTrue(scores.getAsJsonObject("scores").has("test/best/greedy"), scores.toString());
        // The first printed block is the final model's: its BLEU and <unk> count are what was recorded.
        assertEquals(printed("BLEU\\s+([0-9.]+)", trained.out()), String.format(java.util.Locale.ROOT, "%.2f",
                greedy.get("bleu").getAsDouble()));
        assertEquals(printed("outputs with <unk>\\s+(\\d+)", trained.out()),
                greedy.get("outputs_with_unknown").getAsString());
    }

    private static String printed(String regex, String text) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), regex + " in " + text);
        return m.group(1);
    }

    @Test
    void evalAddsItsOwnEntryUnlessToldNotToOrScoringPartOfASplit() throws Exception {
        Path copy = TinyRuns.copy(run, tmp.resolve("eval-copy"));
        Result beam = TrainDecodeEvalTest.cli("eval", "--checkpoint", copy.toString(), "--beam", "2");
        assertEquals(0, beam.code(), beam.err());
        assertTrue(beam.out().contains("recorded as test/model/beam2-alpha0.6"), beam.out());
        Result valid = TrainDecodeEvalTest.cli("eval", "--checkpoint", copy.toString(), "--split", "valid", "--best");
        assertEquals(0, valid.code(), valid.err());
        JsonObject s = json(copy.resolve(RunScores.FILE)).getAsJsonObject("scores");
        assertEquals("eval", s.getAsJsonObject("test/model/beam2-alpha0.6").get("recorded_by").getAsString());
        assertEquals(printed("BLEU\\s+([0-9.]+)", beam.out()), String.format(java.util.Locale.ROOT, "%.2f",
                s.getAsJsonObject("test/model/beam2-alpha0.6").get("bleu").getAsDouble()));
        assertTrue(s.has("valid/best/greedy"), s.toString());
        assertTrue(s.has("test/model/greedy"), "train's entries are kept: " + s);
        int entries = s.size();
        for (String[] args : new String[][] {{"--beam", "3", "--no-record"}, {"--beam", "3", "--limit", "1"},
            {"--beam", "3", "--data", pairs.toString()}}) {
            String[] all = new String[args.length + 3];
            all[0] = "eval";
            all[1] = "--checkpoint";
            all[2] = copy.toString();
            System.arraycopy(args, 0, all, 3, args.length);
            Result r = TrainDecodeEvalTest.cli(all);
            assertEquals(0, r.code(), r.err());
            assertFalse(r.out().contains("recorded as"), r.out());
            assertEquals(args[2].equals("--limit"), r.out().contains("not recorded in"), r.out());
        }
        assertEquals(entries, json(copy.resolve(RunScores.FILE)).getAsJsonObject("scores").size());
    }

    @Test
    void evalGivesARunTrainedBeforeScoresARunBlockThatSummarizeReads() throws Exception {
        Path copy = TinyRuns.copy(run, tmp.resolve("old-run"));
        Files.delete(copy.resolve(RunScores.FILE));   // as a run trained before train recorded scores
        Path into = tmp.resolve("old-reports");
        Result refused = TrainDecodeEvalTest.cli("summarize", copy.toString(), "--name", "old", "--into", into.toString());
        assertEquals(1, refused.code(), refused.out());
        Result eval = TrainDecodeEvalTest.cli("eval", "--checkpoint", copy.toString());
        assertEquals(0, eval.code(), eval.err());
        JsonObject r = json(copy.resolve(RunScores.FILE)).getAsJsonObject("run");
        JsonObject original = json(run.resolve(RunScores.FILE)).getAsJsonObject("run");
        for (String key : new String[] {"steps", "train_pairs", "valid_pairs", "test_pairs", "target_vocabulary", "parameters"}) {
            assertEquals(original.get(key).getAsLong(), r.get(key).getAsLong(), key);
        }
        assertEquals("eval", r.get("recorded_by").getAsString());
        assertFalse(r.has("train_wall_seconds"), "an unknown time is left out: " + r);
        Result summary = TrainDecodeEvalTest.cli("summarize", copy.toString(), "--name", "old", "--into", into.toString());
        assertEquals(0, summary.code(), summary.err());
        JsonObject f = json(into.resolve("old.json"));
        assertEquals(original.get("train_pairs").getAsInt(), f.get("train_pairs").getAsInt());
        assertTrue(f.has("bleu_greedy"), f.toString());
        assertFalse(f.has("train_minutes"), f.toString());
        // A second eval keeps the block it added, and a train's block is never replaced.
        assertEquals(0, TrainDecodeEvalTest.cli("eval", "--checkpoint", copy.toString(), "--beam", "2").code());
        assertEquals(r, json(copy.resolve(RunScores.FILE)).getAsJsonObject("run"));
    }

    @Test
    void summarizeWritesFlatFiguresAndATwoPanelChart() throws Exception {
        Path copy = TinyRuns.copy(run, tmp.resolve("summarize-copy"));
        assertEquals(0, TrainDecodeEvalTest.cli("eval", "--checkpoint", copy.toString(), "--beam", "2").code());
        Path into = tmp.resolve("reports");
        Result r = TrainDecodeEvalTest.cli("summarize", copy.toString(), "--name", "tiny", "--into", into.toString());
        assertEquals(0, r.code(), r.err());
        JsonObject f = json(into.resolve("tiny.json"));
        JsonObject scores = json(copy.resolve(RunScores.FILE));
        JsonObject s = scores.getAsJsonObject("scores");
        assertEquals(s.getAsJsonObject("test/model/greedy").get("bleu").getAsDouble(), f.get("bleu_greedy").getAsDouble());
        assertEquals(s.getAsJsonObject("test/model/beam2-alpha0.6").get("bleu").getAsDouble(),
                f.get("bleu_beam").getAsDouble());
        assertEquals(s.getAsJsonObject("test/best/greedy").get("bleu").getAsDouble(),
                f.get("bleu_greedy_best").getAsDouble());
        assertEquals(6, f.get("steps").getAsInt());
        assertEquals(6, f.get("max_steps").getAsInt());
        assertEquals(scores.getAsJsonObject("run").get("train_pairs").getAsInt(), f.get("train_pairs").getAsInt());
        assertEquals(scores.getAsJsonObject("run").get("target_vocabulary").getAsInt(), f.get("vocabulary").getAsInt());
        assertTrue(f.get("parameters").getAsLong() > 0);
        for (String key : new String[] {"train_minutes", "cpu_minutes", "outputs_with_unknown", "final_valid_loss",
            "best_valid_loss", "best_valid_step", "final_valid_bleu", "best_valid_bleu", "best_valid_bleu_step",
            "stopped_by_time_limit", "sequence_accuracy_greedy", "error_rate_beam"}) {
            assertTrue(f.has(key) && f.get(key).getAsJsonPrimitive().isNumber(), key + " in " + f);
        }
        // Validation rows at steps 2, 4, 6: the best is the lowest of them.
        double best = Double.MAX_VALUE;
        for (String line : Files.readAllLines(copy.resolve("metrics.csv"))) {
            if (line.startsWith("valid,")) {
                best = Math.min(best, Double.parseDouble(line.split(",")[2]));
            }
        }
        assertEquals(best, f.get("best_valid_loss").getAsDouble());
        BufferedImage png = ImageIO.read(into.resolve("tiny.png").toFile());
        assertEquals(2 * org.attentionlab.viz.RunCharts.PANEL_HEIGHT, png.getHeight(),
                "two panels, validation loss above validation BLEU");
    }

    @Test
    void summarizeByTrainPairsSuffixesEachRunsFigures() throws Exception {
        Path small = tmp.resolve("small");
        Result t = TrainDecodeEvalTest.cli(tinyTrain(small, "--train-limit", "20"));
        assertEquals(0, t.code(), t.err());
        int pairsBig = json(run.resolve(RunScores.FILE)).getAsJsonObject("run").get("train_pairs").getAsInt();
        Path into = tmp.resolve("by-size");
        Result r = TrainDecodeEvalTest.cli("summarize", run.toString(), small.toString(), "--by", "train_pairs",
                "--name", "sizes", "--into", into.toString());
        assertEquals(0, r.code(), r.err());
        JsonObject f = json(into.resolve("sizes.json"));
        assertEquals(20, f.get("train_pairs_20").getAsInt());
        assertEquals(pairsBig, f.get("train_pairs_" + pairsBig).getAsInt());
        assertTrue(f.has("bleu_greedy_20") && f.has("bleu_greedy_" + pairsBig), f.toString());
        assertEquals(2, f.get("runs").getAsInt());
        assertTrue(Files.size(into.resolve("sizes.png")) > 0);
        Result twice = TrainDecodeEvalTest.cli("summarize", run.toString(), run.toString(), "--by", "train_pairs",
                "--name", "sizes", "--into", into.toString());
        assertEquals(2, twice.code());
        assertTrue(firstLine(twice.err()).contains("both trained on " + pairsBig + " pairs"), twice.err());
    }

    @Test
    void badInputIsOneLineNamingTheProblem() throws Exception {
        Path into = tmp.resolve("bad");
        Result missing = TrainDecodeEvalTest.cli("summarize", tmp.resolve("nope").toString(), "--name", "x",
                "--into", into.toString());
        assertEquals(2, missing.code());
        assertTrue(firstLine(missing.err()).contains("no such run directory: " + tmp.resolve("nope")), missing.err());

        Path noScores = TinyRuns.copy(run, tmp.resolve("no-scores"));
        Files.delete(noScores.resolve(RunScores.FILE));
        Result none = TrainDecodeEvalTest.cli("summarize", noScores.toString(), "--name", "x", "--into",
                into.toString());
        assertEquals(1, none.code());
        assertEquals(1, none.err().strip().lines().count(), none.err());
        assertTrue(none.err().contains("has no scores.json"), none.err());

        Files.writeString(noScores.resolve(RunScores.FILE), "{\"format\": ");
        Result broken = TrainDecodeEvalTest.cli("summarize", noScores.toString(), "--name", "x", "--into",
                into.toString());
        assertEquals(1, broken.code());
        assertEquals(1, broken.err().strip().lines().count(), broken.err());
        assertTrue(broken.err().contains("scores.json: not JSON"), broken.err());
        // eval refuses to record into a damaged file before it decodes anything
        Result eval = TrainDecodeEvalTest.cli("eval", "--checkpoint", noScores.toString());
        assertEquals(1, eval.code());
        assertFalse(eval.out().contains("examples"), eval.out());

        Result several = TrainDecodeEvalTest.cli("summarize", run.toString(), run.toString(), "--name", "x");
        assertEquals(2, several.code());
        assertTrue(firstLine(several.err()).contains("--by train_pairs"), several.err());
        Result badName = TrainDecodeEvalTest.cli("summarize", run.toString(), "--name", "../x");
        assertEquals(2, badName.code());
        assertFalse(Files.exists(into), "nothing written on bad input");
    }

    @Test
    void resumeReplacesTheScoresOfTheModelBefore() throws Exception {
        Path copy = TinyRuns.copy(run, tmp.resolve("resume-copy"));
        assertEquals(0, TrainDecodeEvalTest.cli("eval", "--checkpoint", copy.toString(), "--beam", "2").code());
        Result r = TrainDecodeEvalTest.cli("train", "--out", copy.toString(), "--resume", "--steps", "8");
        assertEquals(0, r.code(), r.err());
        JsonObject scores = json(copy.resolve(RunScores.FILE));
        assertEquals(8, scores.getAsJsonObject("run").get("steps").getAsInt());
        assertEquals(6, scores.getAsJsonObject("run").get("start_step").getAsInt());
        assertFalse(scores.getAsJsonObject("scores").has("test/model/beam2-alpha0.6"),
                "the beam score was of the step-6 model: " + scores);
    }

    @Test
    void decodingIdsTellApartEverySettingThatCanScoreDifferently() {
        Decoding.Settings greedy = Decoding.Settings.greedy();
        assertEquals("greedy", RunScores.decodingId(greedy));
        assertEquals("beam4-alpha0.6", RunScores.decodingId(new Decoding.Settings(4, 0.6, Decoding.Length.END,
                greedy.cap())));
        assertEquals("beam4-alpha1", RunScores.decodingId(new Decoding.Settings(4, 1.0, Decoding.Length.END,
                greedy.cap())));
        assertEquals("greedy-cap1.5+0", RunScores.decodingId(new Decoding.Settings(1, 0.6, Decoding.Length.END,
                new org.attentionlab.decode.LengthCap(1.5, 0))));
        assertEquals("greedy-predicted", RunScores.decodingId(new Decoding.Settings(1, 0.6,
                Decoding.Length.PREDICTED, greedy.cap())));
        assertEquals("beam4_alpha0_6", RunFigures.name("beam4-alpha0.6"));
    }

    private static String firstLine(String s) {
        return s.lines().findFirst().orElse("");
    }
}
