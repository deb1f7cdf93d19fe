package org.attentionlab.cli;

import org.attentionlab.nn.Gemm;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Sets the number of threads ND4J's native ops (OpenMP) and its BLAS (OpenBLAS) use, from inside the
 * process. {@code OMP_NUM_THREADS} in the environment does the same before start-up; this lets one
 * command line choose without a wrapper script.
 */
final class Threads {
    private Threads() {
    }

    static void set(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + n);
        }
        Nd4j.getEnvironment().setMaxThreads(n);
        Nd4j.getEnvironment().setMaxMasterThreads(n);
        Nd4j.factory().blas().setMaxThreads(n);
        Gemm.setThreads(n);
    }

    /** The threads OpenBLAS reports using now. */
    static int blas() {
        return Nd4j.factory().blas().getMaxThreads();
    }
}
