package org.attentionlab.train;

import java.nio.Buffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attentionlab.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam (Kingma and Ba) with bias correction, computing the same update as {@code torch.optim.Adam}:
 * <pre>
 *   g' = g + weightDecay * p                       (L2 penalty folded into the gradient, as torch does)
 *   m  = beta1 m + (1 - beta1) g'
 *   v  = beta2 v + (1 - beta2) g'^2
 *   p -= lr_t / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * The paper (section 5.3) uses beta1 0.9, beta2 0.98, eps 1e-9 with the {@link NoamSchedule}.
 *
 * <p>The update is one fused loop in Java over each parameter's off-heap buffers (float arithmetic
 * for float32 parameters, double for float64), reading p, g, m, v once and writing p, m, v once, with
 * no temporaries (float32 goes through small reused blocks that the JIT vectorises). ND4J was
 * slower on both ends (measured on the shared 2-core VM): each native op
 * costs tens of microseconds of dispatch, and a naive update is ~10 ops for each of a model's ~40
 * tensors; libnd4j's fused {@code adam_updater} op took 0.1-0.4 ms a call on tiny tensors and was
 * 1.5-3x slower per element than this loop on 64K-256K-element ones. The gradients are only read.
 */
public final class Adam {
    private final List<Parameter> params;
    private final LearningRateSchedule schedule;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final INDArray[] m; // first moments, like each parameter
    private final INDArray[] v; // second moments
    private final Buffers[] buffers;
    /** Elements per block of the float32 update: four blocks of 2,048 floats are 32 KB, an L1 cache. */
    private static final int BLOCK = 2048;
    private final float[] blockP = new float[BLOCK];
    private final float[] blockG = new float[BLOCK];
    private final float[] blockM = new float[BLOCK];
    private final float[] blockV = new float[BLOCK];
    private long step;
    private double lastRate = Double.NaN;

    public Adam(List<Parameter> params, LearningRateSchedule schedule, double beta1, double beta2, double eps,
            double weightDecay) {
        if (params == null || params.isEmpty()) {
            throw new IllegalArgumentException("params must be a non-empty list, got " + params);
        }
        if (schedule == null) {
            throw new IllegalArgumentException("schedule is null");
        }
        checkBeta("beta1", beta1);
        checkBeta("beta2", beta2);
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("eps must be positive and finite, got " + eps);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be non-negative and finite, got " + weightDecay);
        }
        Map<Parameter, Integer> seen = new IdentityHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            if (p == null) {
                throw new IllegalArgumentException("params[" + i + "] is null");
            }
            Integer before = seen.put(p, i);
            if (before != null) {
                throw new IllegalArgumentException("params[" + i + "] is the same parameter as params[" + before
                        + "]; pass each parameter once (Module.parameters() does)");
            }
            DataType type = p.value().dataType();
            if (type != DataType.FLOAT && type != DataType.DOUBLE) {
                throw new IllegalArgumentException("params[" + i + "] must be FLOAT or DOUBLE, got " + type);
            }
            if (!plain(p.value()) || !plain(p.grad()) || p.grad().dataType() != type) {
                throw new IllegalArgumentException("params[" + i + "] (shape " + Arrays.toString(p.shape())
                        + ") must be a plain c-ordered array, not a view, with a gradient of the same type");
            }
        }
        this.params = List.copyOf(params);
        this.schedule = schedule;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        int n = params.size();
        this.m = new INDArray[n];
        this.v = new INDArray[n];
        this.buffers = new Buffers[n];
        for (int i = 0; i < n; i++) {
            Parameter p = params.get(i);
            m[i] = Nd4j.zeros(p.value().dataType(), p.shape());
            v[i] = Nd4j.zeros(p.value().dataType(), p.shape());
            buffers[i] = new Buffers(p.value(), p.grad(), m[i], v[i]);
        }
    }

    /**
     * NIO views of a parameter's four arrays. Valid because each array is a plain c-ordered array
     * whose buffer starts at its first element (checked in the constructor).
     */
    private record Buffers(Buffer p, Buffer g, Buffer m, Buffer v, int length) {
        Buffers(INDArray p, INDArray g, INDArray m, INDArray v) {
            this(nio(p), nio(g), nio(m), nio(v), Math.toIntExact(p.length()));
        }

        static Buffer nio(INDArray a) {
            return a.dataType() == DataType.FLOAT ? a.data().asNioFloat() : a.data().asNioDouble();
        }
    }

    /** Whether the optimiser may address the array's elements as its raw buffer, in c order. */
    private static boolean plain(INDArray a) {
        return a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a) && a.offset() == 0
                && a.data().length() == a.length();
    }

    private static void checkBeta(String name, double beta) {
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + beta);
        }
    }

    /** One update from the accumulated gradients; increments the step. Does not zero the gradients. */
    public void step() {
        long t = step + 1;
        double lr = schedule.rate(t);
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalStateException("learning rate schedule gave " + lr + " at step " + t);
        }
        double stepSize = lr / (1 - Math.pow(beta1, t));
        double invSqrtBc2 = 1 / Math.sqrt(1 - Math.pow(beta2, t));
        for (Buffers b : buffers) {
            if (b.p() instanceof FloatBuffer) {
                updateFloat((FloatBuffer) b.p(), (FloatBuffer) b.g(), (FloatBuffer) b.m(), (FloatBuffer) b.v(),
                        b.length(), (float) stepSize, (float) invSqrtBc2);
            } else {
                updateDouble((DoubleBuffer) b.p(), (DoubleBuffer) b.g(), (DoubleBuffer) b.m(), (DoubleBuffer) b.v(),
                        b.length(), stepSize, invSqrtBc2);
            }
        }
        step = t;
        lastRate = lr;
    }

    /**
     * The float32 update, a block of {@link #BLOCK} elements at a time: each block of p, g, m and v is
     * copied into Java arrays in bulk, updated in a plain array loop, and p, m, v copied back. Why:
     * element-wise {@code get}/{@code put} on the direct buffers is not vectorised by the JIT (a
     * bounds check and an address computation per access); the array loop is, square root and
     * division included. Each element gets exactly the same float operations in the same order as
     * before, so the results are identical. Measured on the reference model's 1.31M parameters
     * (thread CPU time of {@code step()}, median of 300, two alternating runs each): 2.9 ms before,
     * 1.9-2.1 ms after, about what moving p, g, m and v through memory costs.
     */
    private void updateFloat(FloatBuffer p, FloatBuffer g, FloatBuffer m, FloatBuffer v, int n, float stepSize,
            float invSqrtBc2) {
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float c1 = (float) (1 - beta1);
        float c2 = (float) (1 - beta2);
        float e = (float) eps;
        float wd = (float) weightDecay;
        float[] pb = blockP;
        float[] gb = blockG;
        float[] mb = blockM;
        float[] vb = blockV;
        for (int from = 0; from < n; from += BLOCK) {
            int len = Math.min(BLOCK, n - from);
            p.get(from, pb, 0, len);
            g.get(from, gb, 0, len);
            m.get(from, mb, 0, len);
            v.get(from, vb, 0, len);
            for (int k = 0; k < len; k++) {
                float pk = pb[k];
                float gk = gb[k] + wd * pk;
                float mk = mb[k] * b1 + gk * c1;
                float vk = vb[k] * b2 + gk * gk * c2;
                mb[k] = mk;
                vb[k] = vk;
                pb[k] = pk - stepSize * mk / ((float) Math.sqrt(vk) * invSqrtBc2 + e);
            }
            p.put(from, pb, 0, len);
            m.put(from, mb, 0, len);
            v.put(from, vb, 0, len);
        }
    }

    private void updateDouble(DoubleBuffer p, DoubleBuffer g, DoubleBuffer m, DoubleBuffer v, int n,
            double stepSize, double invSqrtBc2) {
        double c1 = 1 - beta1;
        double c2 = 1 - beta2;
        for (int k = 0; k < n; k++) {
            double pk = p.get(k);
            double gk = g.get(k) + weightDecay * pk;
            double mk = m.get(k) * beta1 + gk * c1;
            double vk = v.get(k) * beta2 + gk * gk * c2;
            m.put(k, mk);
            v.put(k, vk);
            p.put(k, pk - stepSize * mk / (Math.sqrt(vk) * invSqrtBc2 + eps));
        }
    }

    /** Updates done so far (0 before the first). */
    public long stepCount() {
        return step;
    }

    /** The rate used by the last {@link #step()}, NaN before the first. */
    public double lastLearningRate() {
        return lastRate;
    }

    public List<Parameter> parameters() {
        return params;
    }

    /**
     * Copies of the optimiser state, named as torch names them: {@code exp_avg.i} and
     * {@code exp_avg_sq.i} for the i-th parameter, and {@code step} (an int64 scalar).
     */
    public Map<String, INDArray> state() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        out.put("step", Nd4j.scalar(DataType.INT64, step));
        for (int i = 0; i < params.size(); i++) {
            out.put("exp_avg." + i, m[i].dup());
            out.put("exp_avg_sq." + i, v[i].dup());
        }
        return out;
    }

    /** Restores a {@link #state()} written for the same parameter list; checks every entry first. */
    public void loadState(Map<String, INDArray> state) {
        if (state == null) {
            throw new IllegalArgumentException("state is null");
        }
        INDArray s = state.get("step");
        if (s == null || s.length() != 1) {
            throw new IllegalArgumentException("optimiser state needs a scalar 'step', got "
                    + (s == null ? "none" : Arrays.toString(s.shape())));
        }
        long newStep = s.getLong(0);
        if (newStep < 0) {
            throw new IllegalArgumentException("optimiser state 'step' must be non-negative, got " + newStep);
        }
        List<String> expected = new ArrayList<>();
        expected.add("step");
        for (int i = 0; i < params.size(); i++) {
            for (String name : new String[] {"exp_avg." + i, "exp_avg_sq." + i}) {
                expected.add(name);
                INDArray a = state.get(name);
                long[] want = params.get(i).shape();
                if (a == null) {
                    throw new IllegalArgumentException("optimiser state lacks '" + name + "' (parameter " + i
                            + " of shape " + Arrays.toString(want) + ")");
                }
                if (!Arrays.equals(a.shape(), want)) {
                    throw new IllegalArgumentException("optimiser state '" + name + "' has shape "
                            + Arrays.toString(a.shape()) + " but parameter " + i + " has shape " + Arrays.toString(want));
                }
            }
        }
        for (String key : state.keySet()) {
            if (!expected.contains(key)) {
                throw new IllegalArgumentException("optimiser state has an unexpected entry '" + key + "' (optimiser has "
                        + params.size() + " parameters)");
            }
        }
        for (int i = 0; i < params.size(); i++) {
            m[i].assign(state.get("exp_avg." + i));
            v[i].assign(state.get("exp_avg_sq." + i));
        }
        step = newStep;
    }
}
