package org.attentionlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.attentionlab.cli.TrainDecodeEvalTest.Result;
import org.attentionlab.data.BytePairModel;
import org.attentionlab.data.Task;
import org.attentionlab.data.Vocabulary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --tokenizer bpe} on a small TSV file (no network): the merges are saved beside the
 * vocabularies and recorded in task.json, and decode, eval and --resume read them back. A tiny
 * model trained for 4 steps: the test checks files and plumbing, not translation.
 */
class BytePairRunTest {
    @TempDir
    static Path tmp;
    static Path run;
    static Path pairs;
    static Result trained;

    static final String[] GERMAN = {"das Haus", "ein Haus", "die Häuser", "das Spiel", "ein Spieler", "die Spiele",
        "der Läufer", "das Laufen", "die Arbeit", "der Arbeiter"};
    static final String[] ENGLISH = {"the house", "a house", "the houses", "the game", "a player", "the games",
        "the runner", "the running", "the work", "the worker"};

    @BeforeAll
    static void trainTinyBpeModel() throws Exception {
        StringBuilder tsv = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            int a = i % GERMAN.length;
            int b = (i * 7 + 3) % GERMAN.length;
            tsv.append(GERMAN[a]).append(" und ").append(GERMAN[b]).append(" .\t")
                    .append(ENGLISH[a]).append(" and ").append(ENGLISH[b]).append(" .\n");
        }
        pairs = tmp.resolve("pairs.tsv");
        Files.writeString(pairs, tsv.toString());
        run = tmp.resolve("run");
        trained = TrainDecodeEvalTest.cli("train", "--task", "tsv:" + pairs, "--tokenizer", "bpe", "--merges", "50",
                "--steps", "4", "--batch", "8", "--d-model", "16", "--heads", "2", "--d-ff", "32", "--layers", "1",
                "--eval-every", "2", "--warmup", "2", "--test-limit", "4", "--out", run.toString());
    }

    @Test
    void trainSavesTheMergesAndRecordsThemInTaskJson() throws Exception {
        assertEquals(0, trained.code(), trained.err());
        BytePairModel source = BytePairModel.load(run.resolve("src.merges"));
        assertEquals(50, source.merges().size());
        assertEquals(source, BytePairModel.load(run.resolve("tgt.merges")), "joint merges by default");
        JsonObject task = JsonParser.parseString(Files.readString(run.resolve("task.json"))).getAsJsonObject();
        assertEquals("bpe", task.getAsJsonObject("tokenizers").get("source").getAsString());
        JsonObject sub = task.getAsJsonObject("data").getAsJsonObject("subwords");
        assertEquals(50, sub.get("merges").getAsInt());
        assertTrue(sub.get("joint").getAsBoolean());
        assertTrue(trained.out().contains("BLEU"), trained.out());
        assertTrue(trained.out().contains("word error rate"), trained.out());
        assertTrue(trained.out().contains("outputs with <unk>  0"), trained.out());
        // every symbol the merges make has an id: no <unk> possible
        Vocabulary tgt = Vocabulary.load(run.resolve("tgt.vocab"));
        assertTrue(tgt.tokens().containsAll(source.inventory()));
    }

    @Test
    void decodeAndEvalReadTheSavedMerges() throws Exception {
        Result r = TrainDecodeEvalTest.cli("decode", "--checkpoint", run.toString(), "--input", "Das Spiel 😀 ∑ <x>",
                "--beam", "2");
        assertEquals(0, r.code(), r.err());
        assertFalse(r.err().contains("not in the vocabulary"), "characters never seen become bytes, not <unk>");
        Result eval = TrainDecodeEvalTest.cli("eval", "--checkpoint", run.toString(), "--limit", "5");
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().contains("examples            5"), eval.out());
        assertTrue(eval.out().contains("BLEU"), eval.out());
        Path copy = tmp.resolve("no-merges");
        Files.createDirectories(copy);
        for (String f : List.of("model.safetensors", "src.vocab", "tgt.vocab", "task.json", "src.merges")) {
            Files.copy(run.resolve(f), copy.resolve(f));
        }
        Result missing = TrainDecodeEvalTest.cli("eval", "--checkpoint", copy.toString(), "--limit", "2");
        assertEquals(2, missing.code(), "the merges are read from the run, not learned again");
        assertTrue(missing.err().contains("has no tgt.merges"), missing.err());
    }

    @Test
    void resumeReadsTheSavedMerges() throws Exception {
        Path copy = tmp.resolve("resumed");
        Files.createDirectories(copy);
        for (String f : List.of("model.safetensors", "src.vocab", "tgt.vocab", "task.json", "metrics.csv",
                "src.merges", "tgt.merges")) {
            Files.copy(run.resolve(f), copy.resolve(f));
        }
        Result r = TrainDecodeEvalTest.cli("train", "--out", copy.toString(), "--resume", "--steps", "5",
                "--test-limit", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("at step 4 of 5"), r.err());
        Task task = new RunDirectory(copy).rebuiltTask(new RunDirectory(copy).readSpec());
        assertEquals(BytePairModel.load(run.resolve("tgt.merges")),
                ((org.attentionlab.data.BytePairTokenizer) task.targetTokenizer()).model());
    }

    @Test
    void scoresCountWordsNotSubwords() throws Exception {
        Task task = new RunDirectory(run).textOnlyTask(new RunDirectory(run).readSpec());
        List<String> pieces = task.targetTokenizer().tokenize("the runners and workers .");
        assertTrue(pieces.size() > 5, "rare words split: " + pieces);
        assertEquals(List.of("the", "runners", "and", "workers", "."), Scoring.scored(task, pieces));
    }

    @Test
    void bpeOptionsAreCheckedUp() {
        Result freq = TrainDecodeEvalTest.cli("train", "--task", "tsv:" + pairs, "--tokenizer", "bpe", "--min-freq",
                "2", "--out", tmp.resolve("x").toString());
        assertEquals(2, freq.code());
        assertTrue(freq.err().contains("does not apply to --tokenizer bpe"), freq.err());
        Result both = TrainDecodeEvalTest.cli("train", "--task", "tsv:" + pairs, "--tokenizer", "bpe", "--merges", "5",
                "--vocab-size", "900", "--out", tmp.resolve("y").toString());
        assertEquals(2, both.code());
        Result noBpe = TrainDecodeEvalTest.cli("train", "--task", "tsv:" + pairs, "--merges", "5", "--out",
                tmp.resolve("z").toString());
        assertEquals(2, noBpe.code());
        assertTrue(noBpe.err().contains("need --tokenizer bpe"), noBpe.err());
    }
}
