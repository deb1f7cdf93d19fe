package org.attentionlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class LengthHeadTest {
    static final int[][] SRC = TransformerTest.SRC;
    static final int[][] TGT = TransformerTest.TGT;

    @TempDir
    Path dir;

    static TransformerConfig.Builder withHead() {
        return TransformerTest.small().lengthClasses(7);
    }

    @Test
    void wholeModelWithLengthHeadGradientsMatchCentralDifferences() {
        Transformer model = new Transformer(withHead().build(), new Init(11, DataType.DOUBLE));
        INDArray srcKeep = model.keepMask(SRC, 0);
        INDArray tgtKeep = model.keepMask(TGT, 0);
        long[] logitShape = {2, 4, 9};
        int tokenValues = 2 * 4 * 9;
        // One output holding both heads, so that the check's random weights cover both losses and
        // the encoder's parameters see the summed gradient of both paths.
        GradientCheck.of(() -> {
            INDArray memory = model.encode(SRC, srcKeep);
            INDArray logits = model.decode(TGT, memory, srcKeep, tgtKeep);
            INDArray length = model.predictLength(memory, srcKeep);
            return Nd4j.concat(0, logits.reshape(tokenValues), length.reshape(2 * 7));
        }).backward(dy -> {
            INDArray dLogits = dy.get(NDArrayIndex.interval(0, tokenValues)).reshape(logitShape);
            INDArray dLength = dy.get(NDArrayIndex.interval(tokenValues, tokenValues + 14)).reshape(2, 7);
            model.backward(dLogits.dup(), dLength.dup());
            return List.of();
        }).parameters(model).samples(6).verify();
    }

    @Test
    void headAloneGradientsMatchIncludingMemory() {
        LengthHead head = new LengthHead(8, 5, new Init(3, DataType.DOUBLE));
        INDArray memory = new Init(4, DataType.DOUBLE).normal(1, 2, 5, 8);
        INDArray keep = Transformer.keepMask(SRC, 0, DataType.DOUBLE);
        GradientCheck.of(() -> head.forward(memory, keep))
                .backward(dy -> List.of(head.backward(dy)))
                .input("memory", memory)
                .parameters(head)
                .verify();
    }

    @Test
    void poolingIgnoresPaddedPositions() {
        LengthHead head = new LengthHead(8, 5, new Init(3, DataType.DOUBLE));
        INDArray memory = new Init(4, DataType.DOUBLE).normal(1, 2, 5, 8);
        INDArray keep = Transformer.keepMask(SRC, 0, DataType.DOUBLE);
        INDArray before = head.forward(memory, keep).dup();
        memory.putScalar(new long[] {1, 4, 2}, 1e6); // row 1 has 3 real tokens: position 4 is padding
        assertEquals(before, head.forward(memory, keep));
        memory.putScalar(new long[] {1, 1, 2}, 1e6);
        assertFalse(before.equals(head.forward(memory, keep)), "a real position must matter");
    }

    @Test
    void headAddsNamedTensorsAndLeavesOtherParametersAsTheyWere() {
        Transformer plain = new Transformer(TransformerTest.small().build(), 5);
        Transformer headed = new Transformer(withHead().build(), 5);
        Map<String, Parameter> a = plain.namedParameters();
        Map<String, Parameter> b = headed.namedParameters();
        assertArrayEquals(new long[] {7, 8}, b.get("length_head.weight").shape());
        assertArrayEquals(new long[] {7}, b.get("length_head.bias").shape());
        assertEquals(a.size() + 2, b.size());
        for (String name : a.keySet()) {
            assertEquals(a.get(name).value(), b.get(name).value(), name);
        }
        assertNull(plain.lengthHead());
    }

    @Test
    void lengthLogitsHaveOneColumnPerClass() {
        Transformer model = new Transformer(withHead().build(), 5);
        model.train(false);
        INDArray keep = model.keepMask(SRC, 0);
        INDArray logits = model.predictLength(model.encode(SRC, keep), keep);
        assertArrayEquals(new long[] {2, 7}, logits.shape());
    }

    @Test
    void checkpointKeepsTheHeadAndOldConfigsLoadWithout() throws Exception {
        Transformer model = new Transformer(withHead().build(), 5);
        Path file = dir.resolve("m.safetensors");
        Checkpoint.save(model, file);
        Transformer loaded = Checkpoint.load(file);
        assertEquals(7, loaded.config().lengthClasses());
        assertEquals(model.lengthHead().linear().weight().value(), loaded.lengthHead().linear().weight().value());

        String old = ConfigJson.toJson(TransformerTest.small().build());
        assertFalse(old.contains("length_classes"), "a model without a head writes the JSON it always did");
        assertEquals(0, ConfigJson.fromJson(old).lengthClasses());
        assertEquals(withHead().build(), ConfigJson.fromJson(ConfigJson.toJson(withHead().build())));
    }

    @Test
    void errorsNameTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TransformerTest.small().lengthClasses(1).build());
        assertTrue(e.getMessage().contains("length_classes") && e.getMessage().contains("1"), e.getMessage());
        Transformer plain = new Transformer(TransformerTest.small().build(), 5);
        INDArray memory = Nd4j.zeros(DataType.FLOAT, 2, 5, 8);
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> plain.predictLength(memory, null));
        assertTrue(s.getMessage().contains("length head"), s.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ConfigJson.fromJson(ConfigJson.toJson(TransformerTest.small().build())
                        .replace("}", ",\"length_classes\":2.5}")));
        assertTrue(e.getMessage().contains("length_classes"), e.getMessage());
    }
}
