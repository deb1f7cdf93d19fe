package org.attentionlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.attentionlab.io.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class CheckpointAverageTest {
    @TempDir
    Path dir;

    static TransformerConfig.Builder config() {
        return TransformerConfig.builder().dModel(8).heads(2).dFf(12).layers(1).vocab(7).maxLen(10).dropout(0);
    }

    private Path save(Transformer model, String name) throws IOException {
        Path f = dir.resolve(name);
        Checkpoint.save(model, f);
        return f;
    }

    @Test
    void everyTensorIsTheMeanOfTheFiles() throws IOException {
        TransformerConfig c = config().normType(NormType.BATCH).build();
        Transformer a = new Transformer(c, 1);
        Transformer b = new Transformer(c, 2);
        Transformer d = new Transformer(c, 3);
        // running statistics differ too: one training-mode forward each
        for (Transformer m : List.of(a, b, d)) {
            m.forward(new int[][] {{1, 2, 3}}, new int[][] {{1, 4}}, null, null);
        }
        List<Path> files = List.of(save(a, "a.safetensors"), save(b, "b.safetensors"), save(d, "d.safetensors"));
        Path out = dir.resolve("mean.safetensors");
        Transformer mean = CheckpointAverage.write(files, out);
        for (String name : a.namedParameters().keySet()) {
            INDArray expected = a.namedParameters().get(name).value().castTo(DataType.DOUBLE)
                    .add(b.namedParameters().get(name).value().castTo(DataType.DOUBLE))
                    .add(d.namedParameters().get(name).value().castTo(DataType.DOUBLE)).div(3);
            INDArray got = mean.namedParameters().get(name).value().castTo(DataType.DOUBLE);
            assertTrue(got.equalsWithEps(expected, 1e-6), name);
        }
        String var = "transformer.encoder.layers.0.norm1.running_var";
        INDArray expectedVar = a.namedBuffers().get(var).add(b.namedBuffers().get(var)).add(d.namedBuffers().get(var))
                .div(3);
        assertTrue(mean.namedBuffers().get(var).equalsWithEps(expectedVar, 1e-6), var);
        Transformer reloaded = Checkpoint.load(out);
        assertEquals(mean.namedParameters().get("generator.weight").value(),
                reloaded.namedParameters().get("generator.weight").value());
        assertTrue(SafeTensors.read(out).metadata().get(CheckpointAverage.SOURCES_KEY).contains("b.safetensors"));
    }

    @Test
    void aTiedMatrixStaysOneMatrix() throws IOException {
        TransformerConfig c = config().tieAll(true).build();
        List<Path> files = List.of(save(new Transformer(c, 1), "a.safetensors"),
                save(new Transformer(c, 2), "b.safetensors"));
        Transformer mean = CheckpointAverage.of(files);
        assertTrue(mean.sourceEmbedding().weight() == mean.generator().weight());
        INDArray expected = new Transformer(c, 1).generator().weight().value()
                .add(new Transformer(c, 2).generator().weight().value()).div(2);
        assertTrue(mean.generator().weight().value().equalsWithEps(expected, 1e-6));
        Checkpoint.save(mean, dir.resolve("tied-mean.safetensors")); // loads back: the three copies agree
        Checkpoint.load(dir.resolve("tied-mean.safetensors"));
    }

    @Test
    void differentModelsAreRefusedByName() throws IOException {
        Path small = save(new Transformer(config().build(), 1), "small.safetensors");
        Path wide = save(new Transformer(config().dFf(16).build(), 1), "wide.safetensors");
        IOException e = assertThrows(IOException.class, () -> CheckpointAverage.of(List.of(small, wide)));
        assertTrue(e.getMessage().contains("wide.safetensors") && e.getMessage().contains("differs"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CheckpointAverage.of(List.of()));
    }
}
