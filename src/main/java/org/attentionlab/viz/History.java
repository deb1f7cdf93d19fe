package org.attentionlab.viz;

import java.util.Arrays;

/**
 * The per-step record of one training run: what loss curves, learning-rate charts and history
 * tables are drawn from. A trainer's listener calls {@link #step} each logged step and
 * {@link #validation} after each evaluation; a notebook can also build one from arrays or from a
 * Tablesaw table ({@link Tables#toHistory}).
 *
 * <p>Plain growable arrays, not lists of boxed doubles, because a run may log 100k steps.
 * Learning rate and tokens/s are optional: record NaN where they are unknown.
 */
public final class History {
    private final String name;
    private double[] steps = new double[64];
    private double[] loss = new double[64];
    private double[] lr = new double[64];
    private double[] tokensPerSecond = new double[64];
    private int n;
    private double[] valSteps = new double[16];
    private double[] valLoss = new double[16];
    private int nVal;

    public History(String name) {
        Args.notNull("name", name);
        this.name = name;
    }

    /** Records one training step; lr and tokensPerSecond may be NaN when not known. */
    public History step(long step, double trainLoss, double learningRate, double tokensPerSec) {
        if (n == steps.length) {
            int cap = 2 * n;
            steps = Arrays.copyOf(steps, cap);
            loss = Arrays.copyOf(loss, cap);
            lr = Arrays.copyOf(lr, cap);
            tokensPerSecond = Arrays.copyOf(tokensPerSecond, cap);
        }
        steps[n] = step;
        loss[n] = trainLoss;
        lr[n] = learningRate;
        tokensPerSecond[n] = tokensPerSec;
        n++;
        return this;
    }

    /** Records one validation loss measured at a training step. */
    public History validation(long step, double validationLoss) {
        if (nVal == valSteps.length) {
            valSteps = Arrays.copyOf(valSteps, 2 * nVal);
            valLoss = Arrays.copyOf(valLoss, 2 * nVal);
        }
        valSteps[nVal] = step;
        valLoss[nVal] = validationLoss;
        nVal++;
        return this;
    }

    /** A history from arrays of equal length (lr may be null). */
    public static History of(String name, double[] steps, double[] trainLoss, double[] lr) {
        Args.notNull("steps", steps);
        Args.notNull("trainLoss", trainLoss);
        Args.sameLength("steps", steps.length, "trainLoss", trainLoss.length);
        if (lr != null) {
            Args.sameLength("steps", steps.length, "lr", lr.length);
        }
        History h = new History(name);
        for (int i = 0; i < steps.length; i++) {
            h.step((long) steps[i], trainLoss[i], lr == null ? Double.NaN : lr[i], Double.NaN);
        }
        return h;
    }

    public String name() {
        return name;
    }

    public int size() {
        return n;
    }

    public int validationSize() {
        return nVal;
    }

    public double[] steps() {
        return Arrays.copyOf(steps, n);
    }

    public double[] trainLoss() {
        return Arrays.copyOf(loss, n);
    }

    public double[] learningRate() {
        return Arrays.copyOf(lr, n);
    }

    public double[] tokensPerSecond() {
        return Arrays.copyOf(tokensPerSecond, n);
    }

    public double[] validationSteps() {
        return Arrays.copyOf(valSteps, nVal);
    }

    public double[] validationLoss() {
        return Arrays.copyOf(valLoss, nVal);
    }

    /** Whether any learning rate was recorded (not all NaN). */
    public boolean hasLearningRate() {
        for (int i = 0; i < n; i++) {
            if (!Double.isNaN(lr[i])) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "History[" + name + ", " + n + " steps, " + nVal + " validations]";
    }
}
