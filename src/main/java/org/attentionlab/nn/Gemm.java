package org.attentionlab.nn;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
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

    /**
     * Batched products c[i] = alpha op(a[i]) op(b[i]) + beta c[i] over the leading axes of three
     * arrays of equal rank (3 or more) with equal leading sizes, op transposing the last two axes:
     * what ND4J's {@code Mmul} op computes for the attention's [B,H,T,dh] tensors. Each matrix is
     * handed to {@code cblas_?gemm} where it lies, with its own leading dimension, so the strided
     * head views of a fused projection ([B,T,3,H,dh] seen as [3,B,H,T,dh]) need no copy.
     *
     * <p>Why: ND4J's batched matmul ran the training step's attention products at about
     * 14 GFLOP/s at the reference size (B*H = 128 products of 32x32x32; a sixth of a training step in
     * a JFR profile), while OpenBLAS does such a product in a few microseconds: measured in one
     * process, alternating, 156 against 368 µs of thread CPU a batched product at that size, 8.4
     * against 9.6 ms at length 256, 0.93 against 1.25 ms at d_model 512 (16 x 8 heads, 64 x 64).
     * PyTorch's {@code bmm} likewise loops over the batch calling BLAS. Layouts BLAS cannot
     * describe, and {@code -Dattentionlab.gemm=nd4j}, go through the op.
     */
    static void batched(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB, double alpha, double beta) {
        DataType type = c.dataType();
        int r = c.rank();
        Layout la = r >= 3 && a.rank() == r && b.rank() == r ? Layout.ofMatrices(a) : null;
        Layout lb = la == null ? null : Layout.ofMatrices(b);
        Layout lc = lb == null ? null : Layout.ofMatrices(c);
        if (!DIRECT || lc == null || lc.columnMajor || a.dataType() != type || b.dataType() != type
                || (type != DataType.FLOAT && type != DataType.DOUBLE) || !sameLeadingSizes(a, b, c)) {
            Nd4j.exec(new Mmul(a, b, c, alpha, beta, MMulTranspose.builder().transposeA(transA).transposeB(transB).build()));
            return;
        }
        long m = transA ? a.size(r - 1) : a.size(r - 2);
        long k = transA ? a.size(r - 2) : a.size(r - 1);
        long kb = transB ? b.size(r - 1) : b.size(r - 2);
        long n = transB ? b.size(r - 2) : b.size(r - 1);
        if (k != kb || c.size(r - 2) != m || c.size(r - 1) != n) {
            throw new IllegalArgumentException("batched gemm shapes do not match: " + java.util.Arrays.toString(a.shape())
                    + (transA ? "^T" : "") + " x " + java.util.Arrays.toString(b.shape()) + (transB ? "^T" : "")
                    + " -> " + java.util.Arrays.toString(c.shape()));
        }
        long batch = c.length() / Math.max(1, m * n);
        if (m == 0 || n == 0 || batch == 0) {
            return;
        }
        if (k == 0) { // c = beta c: no product to take (BLAS would reject the leading dimensions)
            Nd4j.exec(new Mmul(a, b, c, alpha, beta, MMulTranspose.builder().transposeA(transA).transposeB(transB).build()));
            return;
        }
        int opA = (transA ^ la.columnMajor) ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int opB = (transB ^ lb.columnMajor) ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int row = openblas_nolapack.CblasRowMajor;
        boolean single = type == DataType.FLOAT;
        Pointer pa = single ? floats(a) : doubles(a);
        Pointer pb = single ? floats(b) : doubles(b);
        Pointer pc = single ? floats(c) : doubles(c);
        int lead = r - 2;
        long[] index = new long[lead];
        long oa = 0;
        long ob = 0;
        long oc = 0;
        for (long i = 0; i < batch; i++) {
            // position() is in elements: JavaCPP passes address + position to the native call.
            pa.position(oa);
            pb.position(ob);
            pc.position(oc);
            if (single) {
                openblas_nolapack.cblas_sgemm(row, opA, opB, (int) m, (int) n, (int) k, (float) alpha,
                        (FloatPointer) pa, la.ld, (FloatPointer) pb, lb.ld, (float) beta, (FloatPointer) pc, lc.ld);
            } else {
                openblas_nolapack.cblas_dgemm(row, opA, opB, (int) m, (int) n, (int) k, alpha,
                        (DoublePointer) pa, la.ld, (DoublePointer) pb, lb.ld, beta, (DoublePointer) pc, lc.ld);
            }
            // Next leading index, last axis fastest, keeping the three element offsets in step.
            for (int ax = lead - 1; ax >= 0; ax--) {
                index[ax]++;
                oa += a.stride(ax);
                ob += b.stride(ax);
                oc += c.stride(ax);
                if (index[ax] < c.size(ax)) {
                    break;
                }
                oa -= index[ax] * a.stride(ax);
                ob -= index[ax] * b.stride(ax);
                oc -= index[ax] * c.stride(ax);
                index[ax] = 0;
            }
        }
    }

    private static boolean sameLeadingSizes(INDArray a, INDArray b, INDArray c) {
        for (int ax = 0; ax < c.rank() - 2; ax++) {
            if (a.size(ax) != c.size(ax) || b.size(ax) != c.size(ax)) {
                return false;
            }
        }
        return true;
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
            return x.rank() == 2 ? of(x.size(0), x.size(1), x.stride(0), x.stride(1)) : null;
        }

        /** The layout of the last two axes of x (its matrices), or null when BLAS cannot describe it. */
        static Layout ofMatrices(INDArray x) {
            int r = x.rank();
            return of(x.size(r - 2), x.size(r - 1), x.stride(r - 2), x.stride(r - 1));
        }

        static Layout of(long rows, long cols, long s0, long s1) {
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
