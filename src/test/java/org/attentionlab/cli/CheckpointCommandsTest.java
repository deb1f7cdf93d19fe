package org.attentionlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.attentionlab.cli.TrainDecodeEvalTest.Result;
import org.attentionlab.io.SafeTensors;
import org.attentionlab.nn.Checkpoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Issue 17 through the command line: checkpoints that lie (about their sizes, their header length,
 * their nesting, their weights) and vocabularies that are not the model's are one-line errors with
 * exit code 1 in decode, eval and forward, and train refuses model sizes over the limits naming the
 * option. Before: stack traces (ArithmeticException, StackOverflowError), or exit 0 with NaN or
 * {@code <unk>} output.
 */
class CheckpointCommandsTest {
    @TempDir
    static Path tmp;
    static Path run;

    @BeforeAll
    static void trainTinyModel() {
        run = tmp.resolve("run");
        String[] args = new String[TrainDecodeEvalTest.TINY.length + 3];
        args[0] = "train";
        System.arraycopy(TrainDecodeEvalTest.TINY, 0, args, 1, TrainDecodeEvalTest.TINY.length);
        args[args.length - 2] = "--out";
        args[args.length - 1] = run.toString();
        Result r = TrainDecodeEvalTest.cli(args);
        assertEquals(0, r.code(), r.err());
    }

    /** A copy of the run whose checkpoint bytes are changed by {@code edit}. */
    private static Path copy(String name, Consumer<Path> edit) throws IOException {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir);
        for (String f : List.of("model.safetensors", "src.vocab", "tgt.vocab", "task.json")) {
            Files.copy(run.resolve(f), dir.resolve(f));
        }
        edit.accept(dir.resolve("model.safetensors"));
        return dir;
    }

    /** Rewrites a checkpoint with its tensors and its configuration edited. */
    private static void rewrite(Path file, Consumer<Map<String, INDArray>> tensors, Consumer<JsonObject> config) {
        try {
            SafeTensors st = SafeTensors.read(file);
            Map<String, INDArray> t = new LinkedHashMap<>();
            st.tensors().forEach((n, a) -> t.put(n, a.dup()));
            tensors.accept(t);
            Map<String, String> metadata = new LinkedHashMap<>(st.metadata());
            JsonObject c = JsonParser.parseString(metadata.get(Checkpoint.CONFIG_KEY)).getAsJsonObject();
            config.accept(c);
            metadata.put(Checkpoint.CONFIG_KEY, c.toString());
            SafeTensors.write(file, t, metadata);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void bytes(Path file, Consumer<byte[]> edit) {
        try {
            byte[] b = Files.readAllBytes(file);
            edit.accept(b);
            Files.write(file, b);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Runs a command that must fail within seconds with exit 1 and one line on stderr holding every part. */
    private static void failsInOneLine(String command, Path dir, String... parts) {
        String[] args = switch (command) {
            case "decode" -> new String[] {"decode", "--checkpoint", dir.toString(), "--input", "abc"};
            case "eval" -> new String[] {"eval", "--checkpoint", dir.toString(), "--limit", "2"};
            default -> new String[] {"forward", "--checkpoint", dir.resolve("model.safetensors").toString(),
                "--src", "4,5", "--tgt", "1,4"};
        };
        Result r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> TrainDecodeEvalTest.cli(args));
        assertEquals(1, r.code(), command + ": " + r.err());
        assertEquals("", r.out(), command);
        String line = r.err().strip();
        assertFalse(line.contains("\n"), command + " printed more than one line: " + r.err());
        assertTrue(line.startsWith("attention-lab " + command + ": "), line);
        for (String p : parts) {
            assertTrue(line.contains(p), "expected '" + p + "' in: " + line);
        }
    }

    @Test
    void lyingCheckpointsAreOneLineErrorsInDecodeEvalAndForward() throws IOException {
        Path huge = copy("huge", f -> rewrite(f, t -> { }, c -> c.addProperty("d_model", 1_000_000)));
        Path layers = copy("layers", f -> rewrite(f, t -> { }, c -> c.addProperty("encoder_layers", 100_000)));
        Path shortHeader = copy("short-header", f -> bytes(f, b -> {
            ByteBuffer h = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            h.putLong(0, h.getLong(0) - 1);
        }));
        Path deep = copy("deep", f -> {
            try {
                String json = "{\"a\": " + "[".repeat(200_000) + "]".repeat(200_000) + "}";
                ByteBuffer b = ByteBuffer.allocate(8 + json.length()).order(ByteOrder.LITTLE_ENDIAN);
                b.putLong(json.length()).put(json.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                Files.write(f, b.array());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Path nan = copy("nan", f -> rewrite(f, t -> t.get("generator.bias").putScalar(0, Float.NaN), c -> { }));
        for (String command : List.of("decode", "eval", "forward")) {
            failsInOneLine(command, huge, "d_model 1,000,000 exceeds the limit of 65,536", "TiB in float32");
            failsInOneLine(command, layers, "encoder_layers 100,000 exceeds the limit of 1,024");
            failsInOneLine(command, shortHeader, "1 bytes after the end of the last tensor");
            failsInOneLine(command, deep, "header nests JSON more than 32 levels deep");
            failsInOneLine(command, nan, "tensor 'generator.bias' holds 1 non-finite value", "--allow-nonfinite");
        }
    }

    @Test
    void allowNonFiniteLoadsABrokenModelForInspection() throws IOException {
        Path nan = copy("nan-allowed", f -> rewrite(f, t -> t.get("generator.bias").putScalar(0, Float.NaN), c -> { }));
        Result r = TrainDecodeEvalTest.cli("forward", "--checkpoint", nan.resolve("model.safetensors").toString(),
                "--src", "4,5", "--tgt", "1,4", "--allow-nonfinite");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("NaN "), r.out());
        assertEquals(0, TrainDecodeEvalTest.cli("decode", "--checkpoint", nan.toString(), "--input", "abc",
                "--allow-nonfinite").code());
    }

    @Test
    void vocabulariesThatAreNotTheModelsAreRefused() throws IOException {
        Path shorter = copy("shorter-vocab", f -> { });
        List<String> target = Files.readAllLines(shorter.resolve("tgt.vocab")); // a header line, then one token a line
        Files.write(shorter.resolve("tgt.vocab"), target.subList(0, target.size() - 2));
        String parts = "tgt.vocab has " + (target.size() - 3) + " tokens but the target embedding of ";
        failsInOneLine("decode", shorter, parts, "would decode as <unk>");
        failsInOneLine("eval", shorter, parts);

        Path longer = copy("longer-vocab", f -> { });
        List<String> source = new java.util.ArrayList<>(Files.readAllLines(longer.resolve("src.vocab")));
        source.add("extra");
        Files.write(longer.resolve("src.vocab"), source);
        failsInOneLine("decode", longer, "src.vocab has " + (source.size() - 1) + " tokens",
                "would index past the embedding");

        Result r = TrainDecodeEvalTest.cli("train", "--out", shorter.toString(), "--resume", "--steps", "5");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains(parts), r.err());
    }

    @Test
    void trainRefusesModelSizesOverTheLimitsNamingTheOption() {
        Path out = tmp.resolve("too-big");
        Result r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> TrainDecodeEvalTest.cli("train", "--task",
                "copy", "--d-model", "1000000", "--heads", "1", "--out", out.toString()));
        assertEquals(2, r.code(), r.err());
        // The line docs/checkpoint-format.md shows.
        assertEquals("attention-lab train: --d-model 1,000,000 exceeds the limit of 65,536 (a model of these sizes"
                + " would hold about 24,003,136,001,028 values, 87.3 TiB in float32; training needs about 4 times that)",
                r.err().lines().findFirst().orElse(""));
        assertFalse(r.err().contains("\tat "), r.err());
        assertFalse(Files.exists(out), "nothing written");

        r = TrainDecodeEvalTest.cli("train", "--task", "copy", "--d-model", "4096", "--d-ff", "65536", "--out",
                out.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("attention-lab train: tensor 'transformer.encoder.layers.0.linear1.weight'"
                + " [65536, 4096] would hold 268,435,456 values, more than the limit of 134,217,728 for one tensor;"
                + " it grows with --d-ff 65,536, --d-model 4,096"), r.err());
    }
}
