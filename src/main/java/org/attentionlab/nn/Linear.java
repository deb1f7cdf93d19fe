package org.attentionlab.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * An affine map y = x W^T + b applied to the last axis, with W stored [out, in] as PyTorch stores it.
 *
 * <p>Inputs of any rank are flattened to [rows, in] (a free view for a contiguous array), so one
 * GEMM serves a whole batch of sequences. Products are written into preallocated outputs with
 * {@link Gemm} (OpenBLAS directly): {@code INDArray.mmul} allocates an f-order result and ran 3-4x slower here
 * (shared/notes/nd4j.md).
 */
public final class Linear extends Module {
    /**
     * Below this many elements a Java loop adds a bias faster than ND4J's broadcast op, whose fixed
     * cost (tens of microseconds) dominates at decoding sizes; above it the op's vectorised loop wins.
     */
    private static final long JAVA_BIAS_MAX = 32_768;

    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;
    private INDArray lastInput; // [rows, in]

    public Linear(int in, int out, boolean withBias, Init init) {
        Checks.positive("in_features", in);
        Checks.positive("out_features", out);
        this.in = in;
        this.out = out;
        this.weight = parameter("weight", init.xavier(out, in));
        this.bias = withBias ? parameter("bias", init.zeros(out)) : null;
    }

    /**
     * A layer whose weight is an existing parameter of shape [out, in], shared with another module:
     * the output projection tied to the target embedding (the paper's section 3.4). Gradients from
     * both uses add up in the one parameter.
     */
    public Linear(Parameter sharedWeight, boolean withBias, Init init) {
        if (sharedWeight.value().rank() != 2) {
            throw new IllegalArgumentException("a shared Linear weight must be [out, in], got shape "
                    + Arrays.toString(sharedWeight.shape()));
        }
        this.out = (int) sharedWeight.shape()[0];
        this.in = (int) sharedWeight.shape()[1];
        this.weight = parameter("weight", sharedWeight);
        this.bias = withBias ? parameter("bias", init.zeros(out)) : null;
    }

    public int inFeatures() {
        return in;
    }

    public int outFeatures() {
        return out;
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias, or {@code null} for a layer built without one. */
    public Parameter bias() {
        return bias;
    }

    /** x [..., in] -> [..., out]. */
    public INDArray forward(INDArray x) {
        long[] shape = x.shape();
        Checks.lastDim("Linear input", x, in);
        INDArray x2 = Arrays2.rows(x, in);
        lastInput = x2;
        INDArray y2 = project(x2, weight.value(), bias == null ? null : bias.value());
        return y2.reshape(Arrays2.withLast(shape, out));
    }

    /** x2 [rows, in] times w^T ([out, in]) plus b: [rows, out]. Shared with fused attention projections. */
    static INDArray project(INDArray x2, INDArray w, INDArray b) {
        INDArray y2 = Nd4j.createUninitialized(x2.dataType(), x2.rows(), w.rows());
        projectInto(x2, w, b, y2);
        return y2;
    }

    /**
     * y2 = x2 w^T + b into a c-contiguous y2 [rows, out]. The bias is written into y2's rows first
     * and the product added to it by the GEMM (beta 1): OpenBLAS clears C for beta 0 anyway, so the
     * bias costs one bulk copy per row instead of a separate broadcast op over the result (an ND4J
     * op above {@link #JAVA_BIAS_MAX} elements, tens of microseconds of fixed cost each, six a
     * decoder layer; measured in docs/benchmarks.md).
     */
    static void projectInto(INDArray x2, INDArray w, INDArray b, INDArray y2) {
        if (b != null && Flat.isCContiguous(y2) && Flat.isCContiguous(b)) {
            Flat.of(y2).fillRows(Flat.of(b).toArray(0, Math.toIntExact(b.length())), Math.toIntExact(y2.rows()));
            Gemm.gemm(x2, w, y2, false, true, 1.0, 1.0);
            return;
        }
        Gemm.gemm(x2, w, y2, false, true, 1.0, 0.0);
        if (b != null) {
            addBias(y2, b);
        }
    }

    /** y2 [rows, n] += b [n] in place, on every row. */
    static void addBias(INDArray y2, INDArray b) {
        if (y2.length() <= JAVA_BIAS_MAX && Flat.isCContiguous(y2) && Flat.isCContiguous(b)) {
            Flat y = Flat.of(y2);
            double[] bias = Flat.of(b).toArray(0, Math.toIntExact(b.length()));
            int n = bias.length;
            int rows = Math.toIntExact(y2.length() / n);
            double[] row = new double[n];
            for (int r = 0; r < rows; r++) {
                y.read(r * n, row, 0, n);
                for (int c = 0; c < n; c++) {
                    row[c] += bias[c];
                }
                y.write(r * n, row, 0, n);
            }
        } else {
            y2.addiRowVector(b);
        }
    }

    /** dy [..., out] -> dx [..., in]; adds dL/dW and dL/db into the parameters' gradients. */
    public INDArray backward(INDArray dy) {
        if (lastInput == null) {
            throw new IllegalStateException("Linear.backward called before forward");
        }
        long[] shape = dy.shape();
        Checks.lastDim("Linear output gradient", dy, out);
        INDArray dy2 = Arrays2.rows(dy, out);
        if (dy2.rows() != lastInput.rows()) {
            throw new IllegalArgumentException("Linear output gradient has " + dy2.rows()
                    + " rows but the forward input had " + lastInput.rows() + " " + Arrays.toString(shape));
        }
        accumulate(dy2, lastInput, weight.grad(), bias == null ? null : bias.grad());
        INDArray dx2 = Nd4j.createUninitialized(dy2.dataType(), dy2.rows(), in);
        Gemm.gemm(dy2, weight.value(), dx2, false, false, 1.0, 0.0);
        return dx2.reshape(Arrays2.withLast(shape, in));
    }

    /**
     * dW += dy2^T x2 and db += the column sums of dy2. The sums are a GEMM of a row of ones with dy2
     * accumulated straight into db: {@code dy2.sum(0)} on [2048, 768] float took 4 ms against 1.1 ms
     * for the GEMM (measured), and needs no temporary.
     */
    static void accumulate(INDArray dy2, INDArray x2, INDArray dW, INDArray db) {
        Gemm.gemm(dy2, x2, dW, true, false, 1.0, 1.0);
        if (db != null) {
            long n = dy2.rows();
            Gemm.gemm(ones(dy2.dataType(), n), dy2, db.reshape(1, db.length()), false, false, 1.0, 1.0);
        }
    }

    /** Read-only rows of ones [1, n], shared by every layer and thread, grown on demand. */
    private static final java.util.Map<org.nd4j.linalg.api.buffer.DataType, INDArray> ONES =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static INDArray ones(org.nd4j.linalg.api.buffer.DataType type, long n) {
        INDArray o = ONES.get(type);
        if (o == null || o.columns() < n) {
            // Kept across calls, so it must not live in a step's workspace.
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                o = Nd4j.ones(type, 1, Math.max(n, 4096));
            }
            ONES.put(type, o);
        }
        return o.columns() == n ? o : o.get(NDArrayIndex.all(), NDArrayIndex.interval(0, n));
    }
}
