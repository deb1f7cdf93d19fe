package org.attentionlab.nn;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * C = alpha op(A) op(B) + beta C for 2-D float32/float64 arrays, straight through OpenBLAS's
 * {@code cblas_?gemm}, the same library ND4J calls.
 *
 * <p>Why: {@code Nd4j.gemm} builds and runs a custom op (shape checks, an op context, several small
 * native buffers) for every product. Measured on one thread, that wrapper cost about 70 µs per call
 * at every size from [32,128]x[128,384] (a decoding step's projection: 128 µs through ND4J, 56 µs
 * direct) to [1024,512]x[512,128] (2.07 ms against 1.77 ms). A training step has about a hundred
 * products and a cached decoding step thirteen, so the wrapper was a large share of both.
 *
 * <p>Arrays whose layout BLAS cannot describe (a stride other than 1 along both axes) go through
 * {@code Nd4j.gemm}, which copies as needed. Results are identical: the same routine computes them.
 */
public final class Gemm {
    /** {@code -Dattentionlab.gemm=nd4j} routes every product through Nd4j.gemm, to measure the difference. */
    private static final boolean DIRECT = !"nd4j".equals(System.getProperty("attentionlab.gemm"));

    static {
        // ND4J and this class may reach two builds of OpenBLAS in the same preset; keep their
        // thread counts equal (ND4J's is set from OMP_NUM_THREADS or by the command line's --threads).
        openblas_nolapack.blas_set_num_threads(Math.max(1, Nd4j.factory().blas().getMaxThreads()));
    }

    private Gemm() {
    }

    /** Sets the thread count of the OpenBLAS build this class calls (ND4J's own is set separately). */
    public static void setThreads(int n) {
        openblas_nolapack.blas_set_num_threads(n);
    }

    /** c = alpha * op(a) * op(b) + beta * c, op = transpose when the flag is set. */
    static void gemm(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB, double alpha, double beta) {
        DataType type = c.dataType();
        Layout la = Layout.of(a);
        Layout lb = Layout.of(b);
        Layout lc = Layout.of(c);
        if (!DIRECT || la == null || lb == null || lc == null || lc.columnMajor
                || a.dataType() != type || b.dataType() != type
                || (type != DataType.FLOAT && type != DataType.DOUBLE)) {
            Nd4j.gemm(a, b, c, transA, transB, alpha, beta);
            return;
        }
        long m = transA ? a.size(1) : a.size(0);
        long k = transA ? a.size(0) : a.size(1);
        long kb = transB ? b.size(1) : b.size(0);
        long n = transB ? b.size(0) : b.size(1);
        if (k != kb || c.size(0) != m || c.size(1) != n) {
            throw new IllegalArgumentException("gemm shapes do not match: " + java.util.Arrays.toString(a.shape())
                    + (transA ? "^T" : "") + " x " + java.util.Arrays.toString(b.shape()) + (transB ? "^T" : "")
                    + " -> " + java.util.Arrays.toString(c.shape()));
        }
        if (m == 0 || n == 0) {
            return;
        }
        // A column-major matrix is the row-major storage of its transpose.
        int opA = (transA ^ la.columnMajor) ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int opB = (transB ^ lb.columnMajor) ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int row = openblas_nolapack.CblasRowMajor;
        if (type == DataType.FLOAT) {
            openblas_nolapack.cblas_sgemm(row, opA, opB, (int) m, (int) n, (int) k, (float) alpha,
                    floats(a), la.ld, floats(b), lb.ld, (float) beta, floats(c), lc.ld);
        } else {
            openblas_nolapack.cblas_dgemm(row, opA, opB, (int) m, (int) n, (int) k, alpha,
                    doubles(a), la.ld, doubles(b), lb.ld, beta, doubles(c), lc.ld);
        }
    }

    // For a view, data().addressPointer() already points at the view's first element (unlike
    // data().asNio(), which starts at the shared buffer's: see Flat). GemmTest checks both cases.
    private static FloatPointer floats(INDArray x) {
        return new FloatPointer(x.data().addressPointer());
    }

    private static DoublePointer doubles(INDArray x) {
        return new DoublePointer(x.data().addressPointer());
    }

    /** How BLAS sees a 2-D array: row- or column-major with a leading dimension, or null if neither. */
    private record Layout(boolean columnMajor, int ld) {
        static Layout of(INDArray x) {
            if (x.rank() != 2) {
                return null;
            }
            long rows = x.size(0);
            long cols = x.size(1);
            long s0 = x.stride(0);
            long s1 = x.stride(1);
            if (s1 == 1 || cols == 1) {
                long ld = rows == 1 ? cols : s0;
                return ld >= Math.max(1, cols) && ld <= Integer.MAX_VALUE ? new Layout(false, (int) ld) : null;
            }
            if (s0 == 1 || rows == 1) {
                long ld = cols == 1 ? rows : s1;
                return ld >= Math.max(1, rows) && ld <= Integer.MAX_VALUE ? new Layout(true, (int) ld) : null;
            }
            return null;
        }
    }
}
