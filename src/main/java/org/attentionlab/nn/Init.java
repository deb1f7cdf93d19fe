package org.attentionlab.nn;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Creates parameter tensors of one data type from one seeded random stream.
 *
 * <p>Values are drawn in Java from a {@link SplittableRandom} rather than from ND4J's native
 * generator, so that the same seed gives bit-identical parameters on every run and every machine,
 * whatever ND4J's global random state is. Models train in {@link DataType#FLOAT}; the gradient
 * checks build the same layers in {@link DataType#DOUBLE}.
 */
public final class Init {
    private final SplittableRandom random;
    private final DataType dataType;

    public Init(long seed, DataType dataType) {
        if (!dataType.isFPType()) {
            throw new IllegalArgumentException("parameters need a floating-point data type, got " + dataType);
        }
        this.random = new SplittableRandom(seed);
        this.dataType = dataType;
    }

    public DataType dataType() {
        return dataType;
    }

    /** An independent stream for a sub-task (dropout masks), so that it does not shift parameter draws. */
    public SplittableRandom split() {
        return random.split();
    }

    public INDArray zeros(long... shape) {
        return Nd4j.zeros(dataType, shape);
    }

    public INDArray ones(long... shape) {
        return Nd4j.ones(dataType, shape);
    }

    /** Uniform on [-limit, limit). */
    public INDArray uniform(double limit, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] values = new double[Math.toIntExact(n)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (random.nextDouble() * 2 - 1) * limit;
        }
        return Nd4j.create(values, shape, dataType);
    }

    /** Normal with the given standard deviation. */
    public INDArray normal(double std, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] values = new double[Math.toIntExact(n)];
        for (int i = 0; i < values.length; i += 2) {
            // Box-Muller: two independent normals from two uniforms.
            double u1 = 1.0 - random.nextDouble();
            double u2 = random.nextDouble();
            double r = Math.sqrt(-2 * Math.log(u1));
            values[i] = r * Math.cos(2 * Math.PI * u2) * std;
            if (i + 1 < values.length) {
                values[i + 1] = r * Math.sin(2 * Math.PI * u2) * std;
            }
        }
        return Nd4j.create(values, shape, dataType);
    }

    /**
     * Glorot/Xavier uniform for a weight of shape [fanOut, fanIn], the initialisation
     * {@code torch.nn.Transformer} applies to every matrix.
     */
    public INDArray xavier(long fanOut, long fanIn) {
        return uniform(Math.sqrt(6.0 / (fanIn + fanOut)), fanOut, fanIn);
    }
}
