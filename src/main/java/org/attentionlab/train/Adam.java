package org.attentionlab.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attentionlab.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
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
 * <p>Each parameter costs two native ops (four with weight decay): libnd4j's fused
 * {@code adam_updater}, which updates both moments in place and writes the step into a scratch
 * array, then {@code p -= step}. That op puts eps outside the bias correction,
 * {@code m lr sqrt(1-beta2^t)/(1-beta1^t) / (sqrt(v) + eps')}; passing eps' = eps sqrt(1 - beta2^t)
 * makes it algebraically torch's formula. Scratch arrays are shared between parameters of the same
 * shape, so they cost far less memory than the moments. The accumulated gradients are only read.
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
    private final INDArray[] scratch;
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
            if (!p.value().dataType().isFPType()) {
                throw new IllegalArgumentException("params[" + i + "] must be floating point, got "
                        + p.value().dataType());
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
        this.scratch = new INDArray[n];
        Map<String, INDArray> shared = new HashMap<>();
        for (int i = 0; i < n; i++) {
            INDArray p = params.get(i).value();
            m[i] = Nd4j.zeros(p.dataType(), p.shape());
            v[i] = Nd4j.zeros(p.dataType(), p.shape());
            String key = p.dataType() + Arrays.toString(p.shape());
            scratch[i] = shared.computeIfAbsent(key, k -> Nd4j.createUninitialized(p.dataType(), p.shape()));
        }
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
        double bc2 = 1 - Math.pow(beta2, t);
        // adam_updater divides by (sqrt(v) + eps'); this eps' makes it torch's sqrt(v)/sqrt(bc2) + eps.
        double epsPrime = eps * Math.sqrt(bc2);
        int iteration = (int) Math.min(t - 1, Integer.MAX_VALUE); // the op raises beta to iteration + 1
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            INDArray g = p.grad();
            INDArray s = scratch[i];
            if (weightDecay > 0) {
                s.assign(g);
                Nd4j.getBlasWrapper().level1().axpy(s.length(), weightDecay, p.value(), s); // s += wd * p
                g = s;
            }
            Nd4j.exec(new AdamUpdater(g, v[i], m[i], s, v[i], m[i], lr, beta1, beta2, epsPrime, iteration));
            p.value().subi(s);
        }
        step = t;
        lastRate = lr;
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
        out.put("step", Nd4j.scalar(DataType.LONG, step));
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
