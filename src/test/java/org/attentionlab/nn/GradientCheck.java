package org.attentionlab.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Central-difference gradient check for any forward/backward pair.
 *
 * <p>The scalar checked is L = sum(forward() * R) for a fixed random R, so dL/d(output) = R is what
 * backward receives. For each checked tensor (inputs and every parameter of the given modules) up to
 * {@code samples} entries are perturbed by +-eps and (L+ - L-) / 2eps is compared with the analytic
 * gradient. Run it in float64: in float32 the rounding of L swamps the difference.
 */
public final class GradientCheck {
    private final Supplier<INDArray> forward;
    private Function<INDArray, List<INDArray>> backward;
    private final List<String> inputNames = new ArrayList<>();
    private final List<INDArray> inputs = new ArrayList<>();
    private final List<Module> modules = new ArrayList<>();
    private double eps = 1e-6;
    private double rtol = 1e-5;
    private double atol = 1e-8;
    private int samples = 40;
    private long seed = 7;

    private GradientCheck(Supplier<INDArray> forward) {
        this.forward = forward;
    }

    public static GradientCheck of(Supplier<INDArray> forward) {
        return new GradientCheck(forward);
    }

    /** Receives dL/d(output), returns dL/d(input) for each {@link #input} in order (may be empty). */
    public GradientCheck backward(Function<INDArray, List<INDArray>> backward) {
        this.backward = backward;
        return this;
    }

    public GradientCheck input(String name, INDArray x) {
        inputNames.add(name);
        inputs.add(x);
        return this;
    }

    public GradientCheck parameters(Module m) {
        modules.add(m);
        return this;
    }

    public GradientCheck tolerance(double rtol, double atol) {
        this.rtol = rtol;
        this.atol = atol;
        return this;
    }

    public GradientCheck samples(int n) {
        this.samples = n;
        return this;
    }

    public GradientCheck eps(double eps) {
        this.eps = eps;
        return this;
    }

    /** Runs the check; throws AssertionError naming the tensor, entry and both values on a mismatch. */
    public void verify() {
        INDArray out = forward.get();
        if (out.dataType() != DataType.DOUBLE) {
            throw new IllegalStateException("gradient checks need float64 outputs, got " + out.dataType());
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] r = new double[(int) out.length()];
        for (int i = 0; i < r.length; i++) {
            r[i] = random.nextDouble() * 2 - 1;
        }
        INDArray weights = Nd4j.create(r, out.shape(), DataType.DOUBLE);
        modules.forEach(Module::zeroGrad);
        List<INDArray> inputGrads = backward.apply(weights.dup());
        if (inputGrads.size() != inputs.size()) {
            throw new IllegalStateException("backward returned " + inputGrads.size() + " input gradients for "
                    + inputs.size() + " inputs");
        }
        List<String> names = new ArrayList<>(inputNames);
        List<INDArray> values = new ArrayList<>(inputs);
        List<INDArray> grads = new ArrayList<>();
        for (INDArray g : inputGrads) {
            grads.add(g.dup());
        }
        for (Module m : modules) {
            for (Map.Entry<String, Parameter> e : m.namedParameters().entrySet()) {
                if (!values.contains(e.getValue().value())) {
                    names.add(e.getKey());
                    values.add(e.getValue().value());
                    grads.add(e.getValue().grad().dup());
                }
            }
        }
        List<String> failures = new ArrayList<>();
        for (int t = 0; t < values.size(); t++) {
            INDArray v = values.get(t);
            INDArray flat = v.reshape(v.length());
            INDArray g = grads.get(t).reshape(v.length());
            int n = (int) Math.min(samples, v.length());
            for (int s = 0; s < n; s++) {
                long i = v.length() <= samples ? s : random.nextLong(v.length());
                double old = flat.getDouble(i);
                flat.putScalar(i, old + eps);
                double plus = forward.get().mul(weights).sumNumber().doubleValue();
                flat.putScalar(i, old - eps);
                double minus = forward.get().mul(weights).sumNumber().doubleValue();
                flat.putScalar(i, old);
                double numeric = (plus - minus) / (2 * eps);
                double analytic = g.getDouble(i);
                if (Math.abs(numeric - analytic) > atol + rtol * Math.max(Math.abs(numeric), Math.abs(analytic))) {
                    failures.add(names.get(t) + "[" + i + "]: analytic " + analytic + ", numeric " + numeric);
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " gradient mismatches:\n  "
                    + String.join("\n  ", failures.subList(0, Math.min(20, failures.size()))));
        }
    }
}
