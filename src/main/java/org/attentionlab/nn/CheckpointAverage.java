package org.attentionlab.nn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attentionlab.io.SafeTensors;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The element-wise mean of several checkpoints of one model: the paper's checkpoint averaging
 * (section 6.1: the base models average the last 5 checkpoints, written 10 minutes apart).
 *
 * <p>Why it helps: late in training the parameters wander around a minimum with the noise of
 * the batches; the mean of a few points of that walk lies nearer the middle than any one of
 * them, much as a lower learning rate would have brought it, at no extra training cost.
 *
 * <p>Every file must hold the same configuration (shapes and variant). Floating-point tensors,
 * parameters and running statistics alike, are summed in float64 and divided by the count; an
 * integer buffer (BatchNorm's {@code num_batches_tracked}) is taken from the last file. A tied
 * matrix is one parameter under several names and is averaged once. Optimiser state and other
 * extra tensors in the files are ignored: the result is a model, not a training checkpoint.
 */
public final class CheckpointAverage {
    /** Metadata key listing the averaged files, in order. */
    public static final String SOURCES_KEY = "averaged_from";

    private CheckpointAverage() {
    }

    /** The mean of the models in {@code files} (at least one), as a float32 model. */
    public static Transformer of(List<Path> files) throws IOException {
        if (files == null || files.isEmpty()) {
            throw new IllegalArgumentException("no checkpoints to average");
        }
        Path first = files.get(0);
        Transformer model = Checkpoint.load(SafeTensors.read(first), first, DataType.FLOAT);
        Map<String, INDArray> sums = new LinkedHashMap<>();
        Map<String, INDArray> integers = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : tensors(model).entrySet()) {
            if (e.getValue().dataType().isFPType()) {
                sums.put(e.getKey(), e.getValue().castTo(DataType.DOUBLE));
            } else {
                integers.put(e.getKey(), e.getValue());
            }
        }
        for (Path file : files.subList(1, files.size())) {
            // Loading checks every tensor's presence, shape and type against the file's own configuration.
            Transformer other = Checkpoint.load(SafeTensors.read(file), file, DataType.FLOAT);
            if (!other.config().equals(model.config())) {
                throw new IOException(file + ": its model configuration differs from " + first + "'s ("
                        + ConfigJson.toJson(other.config()) + " against " + ConfigJson.toJson(model.config())
                        + "); only checkpoints of one model can be averaged");
            }
            Map<String, INDArray> t = tensors(other);
            sums.forEach((name, sum) -> sum.addi(t.get(name).castTo(DataType.DOUBLE)));
            integers.forEach((name, value) -> value.assign(t.get(name)));
        }
        Map<String, INDArray> targets = tensors(model);
        double n = files.size();
        sums.forEach((name, sum) -> targets.get(name).assign(sum.divi(n).castTo(targets.get(name).dataType())));
        return model;
    }

    /** Averages {@code files} and writes the mean model to {@code out} (atomically), naming the sources. */
    public static Transformer write(List<Path> files, Path out) throws IOException {
        Transformer model = of(files);
        List<String> names = new ArrayList<>();
        for (Path f : files) {
            names.add(f.toString());
        }
        Checkpoint.save(model, out, Map.of(), Map.of(SOURCES_KEY, String.join("\n", names)));
        return model;
    }

    /** Each distinct parameter under its first name, then the buffers. */
    private static Map<String, INDArray> tensors(Transformer model) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        java.util.Set<Parameter> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        model.namedParameters().forEach((name, p) -> {
            if (seen.add(p)) {
                out.put(name, p.value());
            }
        });
        out.putAll(model.namedBuffers());
        return out;
    }
}
