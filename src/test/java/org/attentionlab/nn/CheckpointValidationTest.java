package org.attentionlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.attentionlab.io.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Issue 17, findings 1 and 2: a checkpoint's configuration is checked against limits and against
 * the tensors in the header before any model memory is allocated, and non-finite weights are
 * refused. Before: {@code encoder_layers: 100000} grew to 19 GB, {@code d_model: 1000000} and the
 * others ended in an {@code ArithmeticException} or {@code OutOfMemoryError}, and a NaN weight loaded.
 */
class CheckpointValidationTest {
    @TempDir
    Path dir;

    private static final TransformerConfig CONFIG = TransformerConfig.builder().dModel(8).heads(2).dFf(12).layers(1)
            .vocab(7).maxLen(10).dropout(0).build();

    /** The tensors of a small model, written with its configuration JSON edited by {@code edit}. */
    private Path written(TransformerConfig config, java.util.function.Consumer<JsonObject> edit,
            java.util.function.Consumer<Map<String, INDArray>> tensorsEdit) throws IOException {
        Transformer model = new Transformer(config, 3);
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        model.namedParameters().forEach((n, p) -> tensors.put(n, p.value().dup()));
        model.namedBuffers().forEach((n, b) -> tensors.put(n, b.dup()));
        tensorsEdit.accept(tensors);
        JsonObject json = JsonParser.parseString(ConfigJson.toJson(config)).getAsJsonObject();
        edit.accept(json);
        Path file = dir.resolve("edited.safetensors");
        SafeTensors.write(file, tensors, Map.of(Checkpoint.FORMAT_KEY, Checkpoint.FORMAT, Checkpoint.CONFIG_KEY,
                json.toString()));
        return file;
    }

    private Path withConfig(java.util.function.Consumer<JsonObject> edit) throws IOException {
        return written(CONFIG, edit, t -> { });
    }

    /** The load fails fast, with an IOException of one line that names the file and contains every part. */
    private static String refused(Path file, String... parts) {
        IOException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(IOException.class, () -> Checkpoint.load(file)));
        String m = e.getMessage();
        assertTrue(m.startsWith(file.toString()), m);
        assertFalse(m.contains("\n"), m);
        for (String p : parts) {
            assertTrue(m.contains(p), "expected '" + p + "' in: " + m);
        }
        return m;
    }

    @Test
    void configurationsFromTheCampaignAreRefusedBeforeAllocating() throws IOException {
        refused(withConfig(c -> c.addProperty("encoder_layers", 100_000)),
                "bad model configuration: encoder_layers 100,000 exceeds the limit of 1,024 (a model of these sizes would"
                + " hold about 53,201,203 values, 203 MiB in float32; training needs about 4 times that)");
        refused(withConfig(c -> c.addProperty("d_model", 1_000_000)),
                "d_model 1,000,000 exceeds the limit of 65,536", "TiB in float32");
        refused(withConfig(c -> c.addProperty("src_vocab", 100_000_000)),
                "src_vocab 100,000,000 exceeds the limit of 4,194,304");
        refused(withConfig(c -> {
            c.addProperty("max_len", 2_000_000_000);
            c.addProperty("position", "learned");
        }), "max_len 2,000,000,000 exceeds the limit of 1,048,576");
        refused(withConfig(c -> {
            c.addProperty("relative_clip", 2_000_000_000);
            c.addProperty("position", "relative");
        }), "relative_clip 2,000,000,000 exceeds the limit of 65,536");
    }

    @Test
    void sizesWithinTheLimitsMustStillMatchTheTensors() throws IOException {
        // A configuration that is sane but not this file's: the header says so before anything is built.
        refused(withConfig(c -> c.addProperty("d_model", 4096)),
                "tensor 'src_embed.weight' has shape [7, 8] but the configuration needs [7, 4096]");
        refused(withConfig(c -> c.addProperty("decoder_layers", 2)), "missing tensor 'transformer.decoder.layers.1.");
        refused(withConfig(c -> c.addProperty("position", "learned")), "missing tensor 'src_pos.weight'");
    }

    @Test
    void tensorsTheConfigurationDoesNotDescribeAreRefused() throws IOException {
        // Two layers in the file, one in the configuration: not silently a different model.
        TransformerConfig two = CONFIG.toBuilder().layers(2).build();
        refused(written(two, c -> c.addProperty("encoder_layers", 1), t -> { }),
                "tensor 'transformer.encoder.layers.1.", "is not part of the model its configuration describes");
        refused(written(CONFIG, c -> { }, t -> t.put("generator.extra", Nd4j.ones(DataType.FLOAT, 2))),
                "tensor 'generator.extra' is not part of the model");
        // Names outside the model's (a training checkpoint's optimiser state) are the caller's business.
        Path file = written(CONFIG, c -> { }, t -> t.put("optimizer.step", Nd4j.scalar(DataType.INT64, 3L)));
        assertEquals(CONFIG, Checkpoint.load(file).config());
    }

    @Test
    void integerTypeWhereAWeightIsExpectedIsRefused() throws IOException {
        refused(written(CONFIG, c -> { }, t -> t.put("generator.bias", t.get("generator.bias").castTo(DataType.INT32))),
                "tensor 'generator.bias' has dtype I32, expected a floating-point type");
    }

    @Test
    void configurationIntegersAreExact() throws IOException {
        // Gson's getAsInt() turned 4294967304 into 8, and the file loaded as the 8-wide model.
        refused(withConfig(c -> c.addProperty("d_model", 4_294_967_304L)), "model config key 'd_model' must be an integer");
        refused(withConfig(c -> c.addProperty("d_model", 8.5)), "'d_model' must be an integer");
        assertEquals(CONFIG, Checkpoint.load(withConfig(c -> c.addProperty("d_model", 8.0))).config());
    }

    @Test
    void configurationJsonIsStrictAndShallow() throws IOException {
        Path file = written(CONFIG, c -> { }, t -> { });
        Map<String, INDArray> tensors = new LinkedHashMap<>(SafeTensors.read(file).tensors());
        for (String config : new String[] {"{'d_model': 8}", "{\"d_model\": 8} {}", "[".repeat(100_000)}) {
            SafeTensors.write(file, tensors, Map.of(Checkpoint.CONFIG_KEY, config));
            refused(file, "bad model configuration");
        }
    }

    @Test
    void nonFiniteWeightsAreRefusedNamingTheTensor() throws IOException {
        refused(written(CONFIG, c -> { }, t -> t.get("generator.weight").putScalar(new long[] {2, 5}, Float.NaN)),
                "tensor 'generator.weight' holds 1 non-finite value (NaN or infinity), the first at [2, 5]",
                "--allow-nonfinite");
        refused(written(CONFIG, c -> { }, t -> t.get("transformer.decoder.norm.bias")
                .assign(Float.POSITIVE_INFINITY)), "tensor 'transformer.decoder.norm.bias' holds 8 non-finite values");
        // A float64 weight that float32 cannot hold becomes infinite when loaded as float32.
        refused(written(CONFIG, c -> { }, t -> {
            INDArray w = t.get("src_embed.weight").castTo(DataType.DOUBLE);
            w.putScalar(0, 1e300);
            t.put("src_embed.weight", w);
        }), "tensor 'src_embed.weight' holds 1 non-finite value");
    }
}
