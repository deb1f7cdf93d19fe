package org.attentionlab.cli;

import static org.attentionlab.cli.TrainDecodeEvalTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.attentionlab.cli.TrainDecodeEvalTest.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code train --resume} does with a run directory that a killed run left behind (issue 17,
 * findings 5, 6, 7 and 9): metrics rows after the checkpoint, temporary files, settings of the first
 * session, and a tsv file that changed since.
 */
class RunDirectoryTest {
    @TempDir
    static Path tmp;
    /** A tiny run at step 4, told every option that is not the model, the schedule or the data. */
    static Path run;
    static Result first;

    @BeforeAll
    static void trainTinyRun() {
        run = tmp.resolve("run");
        first = TinyRuns.train(run, "--valid-limit", "5", "--cap-a", "1", "--cap-b", "3", "--keep-best",
                "--checkpoint-every", "2");
    }

    private static JsonObject taskJson(Path dir) throws Exception {
        return JsonParser.parseString(Files.readString(dir.resolve("task.json"))).getAsJsonObject();
    }

    /** The token counts of the validation lines ("... over N tokens"): how many examples were validated on. */
    private static List<String> validationSizes(String err) {
        List<String> sizes = new ArrayList<>();
        Matcher m = Pattern.compile("validation \\(teacher forced\\).* over (\\d+) tokens").matcher(err);
        while (m.find()) {
            sizes.add(m.group(1));
        }
        return sizes;
    }

    @Test
    void resumeKeepsEverySettingOfTheFirstSession() throws Exception {
        // Before: --test-limit, --valid-limit, the cap and --keep-best fell back to their defaults on --resume.
        assertTrue(first.out().contains("examples            4"), first.out()); // TINY's --test-limit 4
        Path copy = TinyRuns.copy(run, tmp.resolve("settings"));
        Result r = cli("train", "--out", copy.toString(), "--resume", "--steps", "6");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("examples            4"), "--test-limit kept\n" + r.out());
        assertTrue(r.out().contains("cap 1.0 * source length + 3"), "the cap kept\n" + r.out());
        assertTrue(r.out().contains("test split, best checkpoint"), "--keep-best kept\n" + r.out());
        List<String> before = validationSizes(first.err());
        List<String> after = validationSizes(r.err());
        assertFalse(before.isEmpty() || after.isEmpty(), r.err());
        assertEquals(before.get(0), after.get(0), "--valid-limit kept: the same validation examples");
        JsonObject recorded = taskJson(copy);
        assertEquals(6, recorded.getAsJsonObject("training").get("steps").getAsInt(), "--steps recorded");
        assertEquals(4, recorded.getAsJsonObject("run_options").get("test_limit").getAsInt());
    }

    @Test
    void optionsGivenAgainOnResumeReplaceTheRecordedOnes() throws Exception {
        Path copy = TinyRuns.copy(run, tmp.resolve("replaced"));
        Result r = cli("train", "--out", copy.toString(), "--resume", "--steps", "5", "--test-limit", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("examples            2"), r.out());
        assertEquals(2, taskJson(copy).getAsJsonObject("run_options").get("test_limit").getAsInt());
        Result backwards = cli("train", "--out", copy.toString(), "--resume", "--steps", "3");
        assertEquals(2, backwards.code());
        assertTrue(backwards.err().contains("the checkpoint is at step 5, past the 3 steps asked for"), backwards.err());
    }

    @Test
    void resumeCutsMetricsBackToTheCheckpointSoNoStepIsRecordedTwice() throws Exception {
        Path copy = TinyRuns.copy(run, tmp.resolve("metrics"));
        // What a run killed at step 7 after its checkpoint of step 4 leaves: rows 5-7 and a torn line.
        Files.writeString(copy.resolve("metrics.csv"), "train,5,3.5,0.01,100.0,1.0,,\nvalid,6,3.4,,,,30.0,0.1\n"
                + "train,7,3.3,0.01,100.0,1.0,,\ntrain,8,3.", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        Result r = cli("train", "--out", copy.toString(), "--resume", "--steps", "6");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("removed 4 rows of metrics.csv written after the checkpoint of step 4"), r.err());
        List<String> lines = Files.readAllLines(copy.resolve("metrics.csv"));
        assertEquals(Progress.HEADER, lines.get(0));
        List<Long> trainSteps = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            assertEquals(8, f.length, line);
            if (f[0].equals("train")) {
                trainSteps.add(Long.parseLong(f[1]));
            }
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), trainSteps, "each step once, in order");
        assertFalse(lines.contains("valid,6,3.4,,,,30.0,0.1"), "the killed session's validation row is gone");
    }

    @Test
    void truncateKeepsAFileWithoutRowsAfterTheStepAsItIs() throws Exception {
        Path csv = tmp.resolve("kept.csv");
        String text = Progress.HEADER + "\ntrain,1,3.5,0.01,100.0,1.0,,\n";
        Files.writeString(csv, text);
        assertEquals(0, Progress.truncate(csv, 1));
        assertEquals(text, Files.readString(csv));
        assertEquals(1, Progress.truncate(csv, 0));
        assertEquals(Progress.HEADER + "\n", Files.readString(csv));
        assertEquals(0, Progress.truncate(tmp.resolve("none.csv"), 3));
        assertFalse(Files.exists(tmp.resolve("none.csv")));
    }

    @Test
    void resumeRemovesTheTemporaryFilesOfKilledWritesAndNothingElse() throws Exception {
        Path copy = TinyRuns.copy(run, tmp.resolve("temporary"));
        List<String> stale = List.of(".model.safetensors.3f2a9c.tmp", ".task.json.ffffffffffffffff.tmp",
                ".metrics.csv.0.tmp");
        List<String> kept = List.of("notes.tmp", ".model.safetensors.tmp", ".model.safetensors.xyz.tmp");
        for (String name : stale) {
            Files.writeString(copy.resolve(name), "half a checkpoint");
        }
        for (String name : kept) {
            Files.writeString(copy.resolve(name), "mine");
        }
        Files.createDirectories(copy.resolve("sub"));
        Files.writeString(copy.resolve("sub/.model.safetensors.abc.tmp"), "not in the run directory itself");
        // A snapshot of --average-last killed while being written, in the snapshots' own folder.
        Path snapshot = copy.resolve(RunDirectory.SNAPSHOTS).resolve(".step-000002.safetensors.a1b2.tmp");
        Files.createDirectories(snapshot.getParent());
        Files.writeString(snapshot, "half a snapshot");
        Result r = cli("train", "--out", copy.toString(), "--resume", "--steps", "4");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("removed 4 temporary files left by a run killed while writing"), r.err());
        assertFalse(Files.exists(snapshot));
        for (String name : stale) {
            assertFalse(Files.exists(copy.resolve(name)), name);
        }
        for (String name : kept) {
            assertTrue(Files.exists(copy.resolve(name)), name);
        }
        assertTrue(Files.exists(copy.resolve("sub/.model.safetensors.abc.tmp")));
    }

    @Test
    void aTsvRunIsTiedToItsFile() throws Exception {
        Path pairs = tmp.resolve("pairs.tsv");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            text.append("w").append(i % 7).append(" x").append(i % 5).append('\t').append("x").append(i % 5)
                    .append(" w").append(i % 7).append('\n');
        }
        Files.writeString(pairs, text);
        Path dir = tmp.resolve("tsv-run");
        Result trained = cli("train", "--task", "tsv:" + pairs, "--steps", "2", "--batch", "8", "--d-model", "16",
                "--heads", "2", "--d-ff", "32", "--layers", "1", "--warmup", "2", "--test-limit", "2", "--out",
                dir.toString());
        assertEquals(0, trained.code(), trained.err());
        JsonObject recorded = taskJson(dir).getAsJsonObject("data").getAsJsonObject("data_file");
        assertEquals(40, recorded.get("lines").getAsLong());
        assertEquals(64, recorded.get("sha256").getAsString().length());
        assertEquals(0, cli("eval", "--checkpoint", dir.toString()).code(), "unchanged: scored");

        Files.writeString(pairs, "w9 x9\tx9 w9\n", java.nio.file.StandardOpenOption.APPEND);
        Result eval = cli("eval", "--checkpoint", dir.toString());
        assertEquals(1, eval.code(), eval.err());
        assertTrue(eval.err().contains(pairs.toAbsolutePath() + " has changed since the run was trained: it had 40 lines"),
                eval.err());
        assertTrue(eval.err().contains("it has 41 lines") && eval.err().contains("--allow-changed-data"), eval.err());
        assertEquals(1, eval.err().strip().lines().count(), "one line: " + eval.err());
        Result resume = cli("train", "--out", dir.toString(), "--resume", "--steps", "3");
        assertEquals(1, resume.code(), resume.err());
        assertTrue(resume.err().contains("has changed since the run was trained"), resume.err());

        Result allowed = cli("eval", "--checkpoint", dir.toString(), "--allow-changed-data");
        assertEquals(0, allowed.code(), allowed.err());
        assertTrue(allowed.err().contains("note: "), allowed.err());
        Result resumed = cli("train", "--out", dir.toString(), "--resume", "--steps", "3", "--allow-changed-data");
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals(41, taskJson(dir).getAsJsonObject("data").getAsJsonObject("data_file").get("lines").getAsLong(),
                "a resumed run records the file it now trains on");
        assertEquals(0, cli("eval", "--checkpoint", dir.toString()).code());
    }
}
