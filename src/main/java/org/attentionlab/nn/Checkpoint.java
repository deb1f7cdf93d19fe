package org.attentionlab.nn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.attentionlab.io.SafeTensors;
import org.attentionlab.io.SafeTensorsHeader;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * Saves and loads a {@link Transformer} as a safetensors file that PyTorch can read
 * (docs/checkpoint-format.md).
 *
 * <p>Loading is all-or-nothing and checks before it allocates: the header alone is read first
 * and judged ({@link #check}: the configuration within {@link ModelLimits}, every tensor it implies
 * present with its shape and kind, none left over), then only the model's tensors are read, the
 * model built and filled, and its weights checked to be finite ({@link LoadOptions}). A bad file
 * fails with an IOException naming the file and the tensor and never leaves a half-loaded model,
 * and a file that lies about its sizes costs no more memory than the file itself.
 */
public final class Checkpoint {
    /** Metadata key holding the model configuration as JSON. */
    public static final String CONFIG_KEY = "config";
    /** Metadata key holding the format's version. */
    public static final String FORMAT_KEY = "format";
    public static final String FORMAT = "attention-lab/1";

    /** The model's top-level modules: a tensor under one of these names must be one the configuration implies. */
    private static final Set<String> MODEL_NAMES = Set.of("src_embed", "tgt_embed", "src_pos", "tgt_pos",
            "src_dropout", "tgt_dropout", "transformer", "generator", "length_head");

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

    /**
     * How to load: the parameters' data type (float32 to train and decode, float64 for gradient
     * checks) and whether weights that are NaN or infinite are accepted. They are refused by
     * default, because such a model computes nothing but NaN and its decodes are meaningless; the
     * opt-out is for inspecting a broken model.
     */
    public record LoadOptions(DataType dataType, boolean allowNonFinite) {
        public LoadOptions {
            if (dataType == null || !dataType.isFPType()) {
                throw new IllegalArgumentException("a model loads into a floating-point data type, got " + dataType);
            }
        }

        /** float32, non-finite weights refused. */
        public static LoadOptions defaults() {
            return new LoadOptions(DataType.FLOAT, false);
        }

        public LoadOptions withDataType(DataType type) {
            return new LoadOptions(type, allowNonFinite);
        }

        /** Accepts NaN and infinite weights (to inspect a broken model). */
        public LoadOptions allowingNonFinite() {
            return new LoadOptions(dataType, true);
        }
    }

    /** Loads a float32 model. */
    public static Transformer load(Path file) throws IOException {
        return load(file, LoadOptions.defaults());
    }

    /** Loads a model whose parameters have the given data type (float64 for gradient checks). */
    public static Transformer load(Path file, DataType dataType) throws IOException {
        return load(file, LoadOptions.defaults().withDataType(dataType));
    }

    /**
     * Loads a model: the header is read and checked first ({@link #check}), and only the model's
     * tensors are read, after it passed (a training checkpoint's optimiser state is skipped).
     */
    public static Transformer load(Path file, LoadOptions options) throws IOException {
        TransformerConfig[] config = new TransformerConfig[1];
        SafeTensors st = SafeTensors.read(file, header -> {
            config[0] = check(header, file);
            return ModelLayout.of(config[0]).keySet();
        });
        return build(st, config[0], file, options);
    }

    /** Builds the model described by an already-read file (whose other tensors, e.g. optimiser state, the caller may use). */
    public static Transformer load(SafeTensors st, Path file, DataType dataType) throws IOException {
        return load(st, file, LoadOptions.defaults().withDataType(dataType));
    }

    /** As {@link #load(SafeTensors, Path, DataType)}; {@code file} names the file in messages. */
    public static Transformer load(SafeTensors st, Path file, LoadOptions options) throws IOException {
        return build(st, check(st.header(), file), file, options);
    }

    /** The checked configuration of a checkpoint, from its header alone (no tensor is read). */
    public static TransformerConfig readConfig(Path file) throws IOException {
        return check(SafeTensorsHeader.read(file), file);
    }

    /**
     * Checks a checkpoint's header before anything is allocated for its model: the configuration
     * parses and is within {@link ModelLimits}, every tensor it implies ({@link ModelLayout}) is
     * present with its shape and a dtype of its kind (floating point for weights and statistics, an
     * integer for BatchNorm's counter), and no tensor under the model's names is left over (a
     * configuration edited to fewer layers would otherwise load a different model without a word).
     * Tensors under other names (a training checkpoint's {@code optimizer.*}) are the caller's.
     *
     * @return the configuration
     */
    public static TransformerConfig check(SafeTensorsHeader header) throws IOException {
        return check(header, header.file());
    }

    private static TransformerConfig check(SafeTensorsHeader header, Path file) throws IOException {
        String json = header.metadata().get(CONFIG_KEY);
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
        Map<String, ModelLayout.Entry> layout = ModelLayout.of(config);
        Map<String, SafeTensorsHeader.Tensor> tensors = header.tensors();
        for (ModelLayout.Entry e : layout.values()) {
            SafeTensorsHeader.Tensor t = tensors.get(e.name());
            if (t == null) {
                throw new IOException(file + ": missing tensor '" + e.name() + "'");
            }
            if (!Arrays.equals(t.shape(), e.shape())) {
                throw new IOException(file + ": tensor '" + e.name() + "' has shape " + Arrays.toString(t.shape())
                        + " but the configuration needs " + Arrays.toString(e.shape()));
            }
            if (t.floating() != e.floating()) {
                throw new IOException(file + ": tensor '" + e.name() + "' has dtype " + t.dtype()
                        + ", expected " + (e.floating() ? "a floating-point" : "an integer") + " type");
            }
        }
        for (String name : tensors.keySet()) {
            int dot = name.indexOf('.');
            if (!layout.containsKey(name) && MODEL_NAMES.contains(dot < 0 ? name : name.substring(0, dot))) {
                throw new IOException(file + ": tensor " + printable(name) + " is not part of the model its "
                        + "configuration describes (" + config.encoderLayers() + "+" + config.decoderLayers()
                        + " layers, position " + config.position().configName() + ", norm_type "
                        + config.normType().configName() + "); does the configuration belong to these weights?");
            }
        }
        return config;
    }

    private static Transformer build(SafeTensors st, TransformerConfig config, Path file, LoadOptions options)
            throws IOException {
        if (!st.names().containsAll(ModelLayout.of(config).keySet())) {
            throw new IllegalArgumentException(file + " was read without all of the model's tensors");
        }
        Transformer model = new Transformer(config, new Init(0, options.dataType()));
        Map<String, INDArray> targets = new LinkedHashMap<>();
        model.namedParameters().forEach((name, p) -> targets.put(name, p.value()));
        targets.putAll(model.namedBuffers());
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
        if (!options.allowNonFinite()) {
            // After the cast: a float64 file's 1e300 is infinite in a float32 model.
            for (Map.Entry<String, INDArray> e : targets.entrySet()) {
                requireFinite(file, e.getKey(), e.getValue());
            }
        }
        return model;
    }

    private static void requireFinite(Path file, String name, INDArray a) throws IOException {
        if (!a.dataType().isFPType() || a.isEmpty()) {
            return;
        }
        long bad = a.scan(Conditions.notFinite()).longValue();
        if (bad == 0) {
            return;
        }
        long first = BooleanIndexing.firstIndex(a.reshape(a.length()), Conditions.notFinite()).getLong(0);
        long[] at = a.rank() == 0 ? new long[0] : Shape.ind2subC(a.shape(), first);
        throw new IOException(file + ": tensor '" + name + "' holds " + bad + " non-finite value" + (bad == 1 ? "" : "s")
                + " (NaN or infinity), the first at " + Arrays.toString(at) + " (" + a.getDouble(first)
                + "); a model with such weights computes NaN. To inspect it anyway, load with "
                + "LoadOptions.allowingNonFinite() (decode, eval and forward: --allow-nonfinite)");
    }

    private static String printable(String name) {
        String s = name.length() > 100 ? name.substring(0, 100) + "..." : name;
        return "'" + s.replaceAll("\\p{Cntrl}", "?") + "'";
    }

    /** Names in the file that are not model tensors (for callers that store extra state). */
    public static TreeSet<String> extraNames(SafeTensors st, Transformer model) {
        TreeSet<String> extra = new TreeSet<>(st.names());
        extra.removeAll(model.namedParameters().keySet());
        extra.removeAll(model.namedBuffers().keySet());
        return extra;
    }
}
