package org.attentionlab.kernel;

/** One kernel (and JShell) for all in-process tests: starting a JShell costs seconds. */
final class SharedKernel {
    private static AttentionKernel kernel;

    private SharedKernel() {
    }

    static synchronized AttentionKernel get() {
        if (kernel == null) {
            kernel = new AttentionKernel();
            kernel.awaitReady();
        }
        return kernel;
    }
}
