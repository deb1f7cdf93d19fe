package org.attentionlab.nn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.attentionlab.io.SafeTensors;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Saves and loads a {@link Transformer} as a safetensors file that PyTorch can read
 * (docs/checkpoint-format.md).
 *
 * <p>Loading is all-or-nothing: the configuration is read first, a fresh model is built from it,
 * and every tensor's presence, data type and shape is checked before any value is copied, so a
 * bad file fails with a message naming the file and the tensor and never leaves a half-loaded model.
 */
public final class Checkpoint {
    /** Metadata key holding the model configuration as JSON. */
    public static final String CONFIG_KEY = "config";
    /** Metadata key holding the format's version. */
    public static final String FORMAT_KEY = "format";
    public static final String FORMAT = "attention-lab/1";

    private Checkpoint() {
    }

    /** Writes the model's parameters and buffers, plus any extra tensors and metadata (e.g. optimiser state). */
    public static void save(Transformer model, Path file, Map<String, INDArray> extraTensors,
            Map<String, String> extraMetadata) throws IOException {
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        model.namedParameters().forEach((name, p) -> tensors.put(name, p.value()));
        tensors.putAll(model.namedBuffers());
        extraTensors.forEach((name, t) -> {
            if (tensors.containsKey(name)) {
                throw new IllegalArgumentException("extra tensor '" + name + "' clashes with a model tensor");
            }
            tensors.put(name, t);
        });
        Map<String, String> metadata = new LinkedHashMap<>(extraMetadata);
        metadata.put(FORMAT_KEY, FORMAT);
        metadata.put(CONFIG_KEY, ConfigJson.toJson(model.config()));
        SafeTensors.write(file, tensors, metadata);
    }

    public static void save(Transformer model, Path file) throws IOException {
        save(model, file, Map.of(), Map.of());
    }

    /** Loads a float32 model. */
    public static Transformer load(Path file) throws IOException {
        return load(SafeTensors.read(file), file, DataType.FLOAT);
    }

    /** Loads a model whose parameters have the given data type (float64 for gradient checks). */
    public static Transformer load(Path file, DataType dataType) throws IOException {
        return load(SafeTensors.read(file), file, dataType);
    }

    /** Builds the model described by an already-read file (whose other tensors, e.g. optimiser state, the caller may use). */
    public static Transformer load(SafeTensors st, Path file, DataType dataType) throws IOException {
        String json = st.metadata().get(CONFIG_KEY);
        if (json == null) {
            throw new IOException(file + ": no model configuration (metadata key '" + CONFIG_KEY
                    + "'); is this an Attention Lab checkpoint?");
        }
        TransformerConfig config;
        try {
            config = ConfigJson.fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": bad model configuration: " + e.getMessage(), e);
        }
        Transformer model = new Transformer(config, new Init(0, dataType));
        Map<String, INDArray> targets = new LinkedHashMap<>();
        model.namedParameters().forEach((name, p) -> targets.put(name, p.value()));
        targets.putAll(model.namedBuffers());
        // Check everything before touching the model.
        for (Map.Entry<String, INDArray> e : targets.entrySet()) {
            String name = e.getKey();
            if (!st.names().contains(name)) {
                throw new IOException(file + ": missing tensor '" + name + "'");
            }
            long[] expected = e.getValue().shape();
            if (!Arrays.equals(st.shape(name), expected)) {
                throw new IOException(file + ": tensor '" + name + "' has shape " + Arrays.toString(st.shape(name))
                        + " but the configuration needs " + Arrays.toString(expected));
            }
            boolean wantFloat = e.getValue().dataType().isFPType();
            if (st.dtype(name).startsWith("F") != wantFloat) {
                throw new IOException(file + ": tensor '" + name + "' has dtype " + st.dtype(name)
                        + ", expected " + (wantFloat ? "a floating-point" : "an integer") + " type");
            }
        }
        for (Map.Entry<String, INDArray> e : targets.entrySet()) {
            e.getValue().assign(st.get(e.getKey()).castTo(e.getValue().dataType()));
        }
        if (config.tieEmbeddings() && !st.get("generator.weight").equalsWithEps(st.get("tgt_embed.weight"), 0)) {
            throw new IOException(file + ": tie_embeddings is set but 'generator.weight' differs from 'tgt_embed.weight'");
        }
        if (config.tieSourceEmbedding() && !st.get("src_embed.weight").equalsWithEps(st.get("tgt_embed.weight"), 0)) {
            throw new IOException(file + ": tie_source_embedding is set but 'src_embed.weight' differs from "
                    + "'tgt_embed.weight'");
        }
        return model;
    }

    /** Names in the file that are not model tensors (for callers that store extra state). */
    public static TreeSet<String> extraNames(SafeTensors st, Transformer model) {
        TreeSet<String> extra = new TreeSet<>(st.names());
        extra.removeAll(model.namedParameters().keySet());
        extra.removeAll(model.namedBuffers().keySet());
        return extra;
    }
}
