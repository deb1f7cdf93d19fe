package org.attentionlab.nn;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;

/**
 * JavaCPP and C-allocator settings for ND4J's off-heap memory.
 *
 * <p>Why the memory check is turned off: by default JavaCPP compares the process's physical memory
 * with a limit on <em>every</em> native allocation (it reads the resident size from the operating
 * system), and ND4J allocates several small native buffers per op (shape information, op
 * contexts). Measured on the reference benchmark's sizes, a GEMM plus an in-place add took about
 * 148 µs with the check and 105 µs without it, so the check alone cost about 20 µs an op.
 * Attention Lab bounds its memory with ND4J workspaces instead (see {@link StepWorkspace}), so its
 * entry points (command line, kernel) turn the check off unless the user has set a limit of their own.
 *
 * <p>Why {@link #trim}: glibc's allocator keeps freed memory for reuse instead of returning it to
 * the operating system, so memory freed once (a workspace's first, measuring step) stays resident
 * for the life of the process.
 */
public final class NativeMemory {
    private static final String[] PHYSICAL = {
        "org.bytedeco.javacpp.maxphysicalbytes", "org.bytedeco.javacpp.maxPhysicalBytes"};

    private static Function mallocTrim;
    private static boolean looked;

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

    /**
     * Returns the C allocator's free memory to the operating system ({@code malloc_trim(0)}, which
     * since glibc 2.8 also releases free pages inside the heap, not only at its top). A no-op where
     * the C library has no such function (not glibc) or {@code -Dattentionlab.trim=false} is set.
     * Costs a few milliseconds when there is memory to release; called only after a workspace
     * was (re)sized or freed.
     */
    public static synchronized void trim() {
        if (!looked) {
            looked = true;
            if (!"false".equals(System.getProperty("attentionlab.trim"))) {
                try {
                    mallocTrim = NativeLibrary.getInstance("c").getFunction("malloc_trim");
                } catch (UnsatisfiedLinkError | RuntimeException e) {
                    mallocTrim = null;
                }
            }
        }
        if (mallocTrim != null) {
            mallocTrim.invokeInt(new Object[] {0});
        }
    }
}
