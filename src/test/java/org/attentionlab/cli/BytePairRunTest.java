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
import org.attentionlab.data.TaskOptions;
import org.attentionlab.data.Vocabulary;
import org.attentionlab.nn.Checkpoint;
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
    void tiedRunKeepsSnapshotsAveragesThemAndProbesBleu() throws Exception {
        Path tied = tmp.resolve("tied");
        Result r = TrainDecodeEvalTest.cli("train", "--task", "tsv:" + pairs, "--tokenizer", "bpe", "--merges", "50",
                "--tie-embeddings", "--steps", "5", "--batch", "8", "--d-model", "16", "--heads", "2", "--d-ff", "32",
                "--layers", "1", "--eval-every", "2", "--warmup", "2", "--test-limit", "4", "--checkpoint-every", "2",
                "--average-last", "2", "--bleu-every", "2", "--bleu-limit", "3", "--out", tied.toString());
        assertEquals(0, r.code(), r.err());
        org.attentionlab.nn.Transformer model = org.attentionlab.nn.Checkpoint.load(tied.resolve("model.safetensors"));
        assertTrue(model.config().tieEmbeddings() && model.config().tieSourceEmbedding());
        assertTrue(model.sourceEmbedding().weight() == model.generator().weight(), "one matrix");
        assertEquals(Files.readAllLines(tied.resolve("src.vocab")), Files.readAllLines(tied.resolve("tgt.vocab")));
        // snapshots of steps 2 and 4 were written, then the final step 5; the last two are kept and averaged
        try (var files = Files.list(tied.resolve("checkpoints"))) {
            assertEquals(List.of("step-000004.safetensors", "step-000005.safetensors"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        assertTrue(Files.isRegularFile(tied.resolve("averaged.safetensors")));
        assertTrue(r.out().contains("mean of the last snapshots"), r.out());
        List<String> bleu = Files.readAllLines(tied.resolve("bleu.csv"));
        assertEquals(BleuProbe.HEADER, bleu.get(0));
        assertEquals(List.of("2", "4"), bleu.subList(1, bleu.size()).stream().map(l -> l.split(",")[0]).toList());
        assertTrue(bleu.get(1).split(",")[3].equals("3"), "3 validation examples: " + bleu.get(1));
        Result eval = TrainDecodeEvalTest.cli("eval", "--checkpoint", tied.toString(), "--averaged", "--limit", "3");
        assertEquals(0, eval.code(), eval.err());
        Path mean = tmp.resolve("mean.safetensors");
        Result avg = TrainDecodeEvalTest.cli("average", "--checkpoints",
                tied.resolve("checkpoints/step-000004.safetensors").toString(),
                tied.resolve("checkpoints/step-000005.safetensors").toString(), "--out", mean.toString());
        assertEquals(0, avg.code(), avg.err());
        Result other = TrainDecodeEvalTest.cli("eval", "--checkpoint", tied.toString(), "--model", mean.toString(),
                "--limit", "3");
        assertEquals(eval.out().replaceAll("decoding time.*", ""), other.out().replaceAll("decoding time.*", ""),
                "the command averages as the run did");
        Path small = tmp.resolve("small.safetensors");
        org.attentionlab.nn.Checkpoint.save(new org.attentionlab.nn.Transformer(org.attentionlab.nn.TransformerConfig
                .builder().dModel(16).heads(2).dFf(32).layers(1).vocab(9).build(), 1), small);
        Result foreign = TrainDecodeEvalTest.cli("eval", "--checkpoint", tied.toString(), "--model", small.toString(),
                "--limit", "3");
        assertEquals(1, foreign.code(), "a model of another run's vocabularies is refused");
        assertTrue(foreign.err().contains("does not belong to this model"), foreign.err());
        assertEquals(1, foreign.err().strip().lines().count(), "one line: " + foreign.err());

        // --resume keeps the tied model, the snapshots and the BLEU probe the first session was told of.
        JsonObject options = JsonParser.parseString(Files.readString(tied.resolve("task.json"))).getAsJsonObject()
                .getAsJsonObject("run_options");
        assertEquals(2, options.get("average_last").getAsInt());
        assertEquals(2, options.get("bleu_every").getAsInt());
        assertEquals(3, options.get("bleu_limit").getAsInt());
        Result resumed = TrainDecodeEvalTest.cli("train", "--out", tied.toString(), "--resume", "--steps", "7");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(Checkpoint.load(tied.resolve("model.safetensors")).config().tieSourceEmbedding());
        try (var files = Files.list(tied.resolve("checkpoints"))) {
            assertEquals(List.of("step-000006.safetensors", "step-000007.safetensors"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        assertTrue(resumed.out().contains("mean of the last snapshots"), resumed.out());
        bleu = Files.readAllLines(tied.resolve("bleu.csv"));
        assertEquals(BleuProbe.HEADER, bleu.get(0));
        assertEquals(List.of("2", "4", "6"), bleu.subList(1, bleu.size()).stream().map(l -> l.split(",")[0]).toList());
    }

    @Test
    void resumeCutsBleuRowsAndSnapshotsBackToTheCheckpoint() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("cut"));
        Path csv = dir.resolve(RunDirectory.BLEU);
        String two = "2,1.0000,0.900000,3,0.10,1.0";
        String four = "4,2.0000,0.800000,3,0.10,2.0";
        // What a run killed after its checkpoint of step 4 leaves: a row of step 6 and a torn one.
        Files.writeString(csv, BleuProbe.HEADER + "\n" + two + "\n" + four + "\n6,3.0000,0.700000,3,0.10,3.0\n8,4.0");
        assertEquals(2, BleuProbe.truncate(csv, 4));
        assertEquals(List.of(BleuProbe.HEADER, two, four), Files.readAllLines(csv));
        assertEquals(0, BleuProbe.truncate(csv, 4));
        Path folder = Files.createDirectories(dir.resolve(RunDirectory.SNAPSHOTS));
        for (String name : List.of("step-000002.safetensors", "step-000004.safetensors", "step-000006.safetensors",
                "step-1000000.safetensors", "notes.txt")) {
            Files.writeString(folder.resolve(name), "x");
        }
        assertEquals(2, Snapshots.removeAfter(folder, 4));
        try (var files = Files.list(folder)) {
            assertEquals(List.of("notes.txt", "step-000002.safetensors", "step-000004.safetensors"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void tiedEmbeddingsNeedJointMerges() {
        Result r = TrainDecodeEvalTest.cli("train", "--task", "tsv:" + pairs, "--tokenizer", "bpe", "--merges", "20",
                "--separate-merges", "--tie-embeddings", "--steps", "1", "--out", tmp.resolve("separate").toString());
        assertEquals(2, r.code(), r.err());
        String first = r.err().lines().findFirst().orElse("");
        assertTrue(first.startsWith("attention-lab train: --tie-embeddings") && first.contains("drop --separate-merges"),
                "a one-line error, then the usage: " + r.err());
        assertFalse(Files.exists(tmp.resolve("separate").resolve("task.json")), "nothing written");
    }

    @Test
    void theTrainingPartAndTheProbeOptionsAreRecordedForResume() throws Exception {
        TaskOptions data = TaskOptions.defaults().withTrainingPart(new TaskOptions.TrainingPart(30, 7, true, 2));
        RunOptions options = new RunOptions(5, 1.5, 3, new org.attentionlab.decode.LengthCap(1, 2), true, 4, 50, 0);
        RunDirectory dir = new RunDirectory(tmp.resolve("spec"));
        dir.writeSpec(new RunDirectory.Spec("de-en", data, "word-punct", "word-punct",
                org.attentionlab.train.TrainingConfig.builder().build(), null, options));
        RunDirectory.Spec read = dir.readSpec();
        assertEquals(data.trainingPart(), read.data().trainingPart());
        assertEquals(options, read.options());
        // A task.json from before these options: the split's own pairs, no snapshots, no probe.
        Path file = tmp.resolve("spec").resolve("task.json");
        JsonObject o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        for (String key : List.of("train_limit", "extra_phrases", "long_sentences", "sentence_repeats")) {
            o.getAsJsonObject("data").remove(key);
        }
        for (String key : List.of("average_last", "bleu_every", "bleu_limit")) {
            o.getAsJsonObject("run_options").remove(key);
        }
        Files.writeString(file, o.toString());
        read = dir.readSpec();
        assertEquals(TaskOptions.TrainingPart.ALL, read.data().trainingPart());
        assertEquals(0, read.options().averageLast());
        assertEquals(0, read.options().bleuEvery());
        assertEquals(RunOptions.DEFAULTS.bleuLimit(), read.options().bleuLimit());
    }

    @Test
    void extraPhrasesNeedTheDictionary() {
        Result r = TrainDecodeEvalTest.cli("train", "--task", "tsv:" + pairs, "--extra-phrases", "5", "--steps", "1",
                "--out", tmp.resolve("phrases").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("extra phrases are for de-en and en-de"), r.err());
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
