package org.attentionlab.cli;

import static org.attentionlab.cli.TrainDecodeEvalTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.attentionlab.cli.TrainDecodeEvalTest.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One train writes a run directory at a time (issue 17, finding 4). */
class RunLockTest {
    @TempDir
    Path tmp;

    private static final long ME = ProcessHandle.current().pid();

    private static String[] trainArgs(Path out, String... extra) {
        return TinyRuns.trainArgs(out, extra);
    }

    @Test
    void aSecondTrainAndAConcurrentResumeRefuseWhileTheFirstTrainRuns() throws Exception {
        // Before: two trains on one --out started before the first checkpoint both exited 0 and the
        // directory held only the second run; a --resume beside a running train interleaved its steps.
        Path dir = tmp.resolve("same");
        Result[] firstResult = new Result[1];
        Thread first = new Thread(() -> firstResult[0] = cli(trainArgs(dir, "--steps", "100000", "--eval-every", "0",
                "--checkpoint-every", "10", "--test-limit", "1")));
        first.start();
        try {
            awaitWhile(first, () -> !hasTrainRow(dir.resolve("metrics.csv")));
            Result second = cli(trainArgs(dir));
            assertEquals(1, second.code(), second.err());
            assertTrue(second.err().contains(dir + " is in use by another train (pid " + ME + " on host "),
                    second.err());
            assertEquals(1, second.err().strip().lines().count(), second.err());

            awaitWhile(first, () -> !Files.exists(dir.resolve("model.safetensors"))); // step 10: resumable
            Result resume = cli("train", "--out", dir.toString(), "--resume");
            assertEquals(1, resume.code(), resume.err());
            assertTrue(resume.err().contains("is in use by another train (pid " + ME), resume.err());
            assertTrue(first.isAlive(), "the first run is left alone");
        } finally {
            first.interrupt(); // the trainer stops after the step in progress and saves
            first.join(TimeUnit.SECONDS.toMillis(120));
        }
        assertFalse(first.isAlive());
        assertFalse(firstResult[0].err().contains("\tat "), firstResult[0].err());
        try (RunLock again = RunLock.acquire(dir)) {
            assertTrue(Files.readString(dir.resolve(RunLock.FILE)).contains("\"pid\":" + ME));
        }
    }

    /** Waits (up to two minutes) while the condition holds and the thread runs; fails if the thread ended. */
    private static void awaitWhile(Thread running, java.util.function.BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (condition.getAsBoolean() && running.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(running.isAlive() && !condition.getAsBoolean(), "the first train runs");
    }

    private static boolean hasTrainRow(Path csv) {
        try {
            return Files.isRegularFile(csv) && Files.readString(csv).contains("\ntrain,");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void aLockOfThisProcessIsHeldToo() throws Exception {
        Path dir = tmp.resolve("mine");
        try (RunLock lock = RunLock.acquire(dir)) {
            RunLock.Held held = assertThrows(RunLock.Held.class, () -> RunLock.acquire(dir));
            assertTrue(held.getMessage().contains("(pid " + ME + " on host "), held.getMessage());
            assertTrue(held.getMessage().matches(".*since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*"), held.getMessage());
        }
        RunLock.acquire(dir).close(); // released
    }

    @Test
    void aLockHeldByAnotherProcessIsRefusedAndDiesWithThatProcess() throws Exception {
        Path dir = tmp.resolve("other");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                RunLockHolder.class.getName(), dir.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader said = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", said.readLine());
            Path stale = dir.resolve(".model.safetensors.abc123.tmp");
            Files.writeString(stale, "the holder's half-written checkpoint");

            Result refused = cli(trainArgs(dir));
            assertEquals(1, refused.code(), refused.err());
            assertTrue(refused.err().contains("is in use by another train (pid " + holder.pid() + " on host "),
                    refused.err());
            assertTrue(Files.exists(stale), "a refused train removes nothing");
            assertFalse(Files.exists(dir.resolve("task.json")), "and writes nothing");

            holder.destroyForcibly(); // kill -9: the system releases its lock
            assertTrue(holder.waitFor(60, TimeUnit.SECONDS));
            try (RunLock mine = RunLock.acquire(dir)) {
                assertTrue(Files.readString(dir.resolve(RunLock.FILE)).contains("\"pid\":" + ME));
            }
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void aRunDirectoryThatCannotBeMadeIsOneLine() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        Result r = cli(trainArgs(file.resolve("run")));
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("cannot write the run directory " + file.resolve("run")), r.err());
        Result over = cli(trainArgs(file));
        assertEquals(1, over.code(), over.err());
        assertTrue(over.err().contains(file + " exists and is not a directory"), over.err());
    }
}
