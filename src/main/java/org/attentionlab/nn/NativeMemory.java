package org.attentionlab.nn;

/**
 * JavaCPP settings that must be made before ND4J's first native allocation.
 *
 * <p>Why: by default JavaCPP compares the process's physical memory with a limit on <em>every</em>
 * native allocation (it reads the resident size from the operating system), and ND4J allocates
 * several small native buffers per op (shape information, op contexts). Measured on the reference
 * benchmark's sizes, a GEMM plus an in-place add took about 148 µs with the check and 105 µs
 * without it, so the check alone cost about 20 µs an op. Attention Lab bounds its memory with ND4J
 * workspaces instead (see {@link StepWorkspace}), so its entry points (command line, kernel) turn
 * the check off unless the user has set a limit of their own.
 */
public final class NativeMemory {
    private static final String[] PHYSICAL = {
        "org.bytedeco.javacpp.maxphysicalbytes", "org.bytedeco.javacpp.maxPhysicalBytes"};

    private NativeMemory() {
    }

    /** Disables JavaCPP's per-allocation physical-memory check unless a limit was given (-D...). */
    public static void skipPhysicalMemoryCheck() {
        for (String p : PHYSICAL) {
            if (System.getProperty(p) != null) {
                return;
            }
        }
        System.setProperty(PHYSICAL[0], "0");
    }
}
