package org.attentionlab.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The base of every layer: a tree of named parameters, buffers and child modules.
 *
 * <p>Names compose with dots exactly as PyTorch's {@code state_dict()} keys do
 * ({@code encoder.layers.0.self_attn.in_proj_weight}), which is what lets a checkpoint written
 * here be read by PyTorch and the other way round. Forward and backward are not declared here:
 * their signatures differ from layer to layer (attention takes a query, a memory and masks), so
 * each layer declares its own, and remembers in forward what its backward needs.
 */
public abstract class Module {
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, INDArray> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** Registers a new trainable tensor under {@code name}. */
    protected final Parameter parameter(String name, INDArray value) {
        return parameter(name, new Parameter(value));
    }

    /** Registers an existing parameter, possibly shared with another module (weight tying). */
    protected final Parameter parameter(String name, Parameter parameter) {
        checkName(name);
        parameters.put(name, parameter);
        return parameter;
    }

    /** Registers a non-trainable tensor that belongs in checkpoints (BatchNorm's running statistics). */
    protected final INDArray buffer(String name, INDArray value) {
        checkName(name);
        buffers.put(name, value);
        return value;
    }

    /** Registers a child module; its names are prefixed with {@code name + "."}. */
    protected final <M extends Module> M child(String name, M module) {
        checkName(name);
        children.put(name, module);
        return module;
    }

    /**
     * Registers a child whose members take names directly in this module's namespace, without a
     * prefix of their own. PyTorch's encoder layer names its feed-forward weights {@code linear1} and
     * {@code linear2} directly under the layer; our {@code FeedForward} is still one class.
     */
    protected final <M extends Module> M inline(M module) {
        String key = "#inline" + children.size();
        children.put(key, module);
        return module;
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("module member name must be non-empty and dot-free: '" + name + "'");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("module member registered twice: '" + name + "'");
        }
    }

    /** Every parameter by its dotted name, in registration order; a tied parameter appears under each name. */
    public final Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect("", out, null);
        return Collections.unmodifiableMap(out);
    }

    /** Every buffer by its dotted name. */
    public final Map<String, INDArray> namedBuffers() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        collect("", null, out);
        return Collections.unmodifiableMap(out);
    }

    private void collect(String prefix, Map<String, Parameter> ps, Map<String, INDArray> bs) {
        if (ps != null) {
            parameters.forEach((n, p) -> ps.put(prefix + n, p));
        }
        if (bs != null) {
            buffers.forEach((n, b) -> bs.put(prefix + n, b));
        }
        children.forEach((n, c) -> c.collect(n.startsWith("#inline") ? prefix : prefix + n + ".", ps, bs));
    }

    /** The distinct parameters (a tied parameter once), for the optimiser. */
    public final List<Parameter> parameters() {
        Map<Parameter, Boolean> seen = new IdentityHashMap<>();
        List<Parameter> out = new ArrayList<>();
        for (Parameter p : namedParameters().values()) {
            if (seen.put(p, Boolean.TRUE) == null) {
                out.add(p);
            }
        }
        return out;
    }

    /** Number of distinct trainable scalars. */
    public final long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) {
            n += p.length();
        }
        return n;
    }

    public final void zeroGrad() {
        for (Parameter p : parameters()) {
            p.zeroGrad();
        }
    }

    /**
     * Re-seeds every random stream in the tree (dropout masks) from {@code seed}, each module from its
     * own derived seed. The trainer calls this before every step with a seed derived from the step
     * number, so that a run resumed from a checkpoint draws exactly the masks the uninterrupted run
     * would have drawn.
     */
    public final void reseed(long seed) {
        onReseed(seed);
        long i = 0;
        for (Module c : children.values()) {
            c.reseed(mix(seed, ++i));
        }
    }

    /** Hook for modules that own a random stream. */
    protected void onReseed(long seed) {
    }

    /** A well-spread 64-bit combination of two values (SplitMix64's finaliser). */
    public static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Training mode turns dropout on and makes BatchNorm use (and update) batch statistics. */
    public final void train(boolean on) {
        training = on;
        children.values().forEach(c -> c.train(on));
    }

    public final boolean isTraining() {
        return training;
    }
}
