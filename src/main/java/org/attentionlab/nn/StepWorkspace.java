package org.attentionlab.nn;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An ND4J workspace for the temporaries of one repeated unit of work: a training step, one
 * evaluation batch, one decoding step, one layer of a backward pass ({@link LayerScope}).
 *
 * <p>Why: ND4J frees ordinary off-heap arrays only when the Java garbage collector finalises their
 * owners, and the Java heap stays small (an INDArray object is tiny), so the GC rarely runs and
 * resident memory grows to gigabytes over a few hundred steps; fresh off-heap allocations were also
 * measured 10-20x slower than reused memory on the test VM (page faults). Inside a workspace every
 * allocation is a pointer bump into one block that is reset when the scope closes and reused by the
 * next step. The first use of a workspace measures what a step needs (those allocations spill to
 * ordinary memory, freed when the scope closes); later uses allocate from the block, which grows if
 * a step needs more.
 *
 * <p>The rule that makes this safe: anything that must outlive the scope (parameters, gradients,
 * optimiser state, KV caches, reused loss buffers, cached masks) is allocated inside
 * {@code Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()} or before the scope opens, or is
 * {@code detach()}ed. Arrays created inside the scope (activations kept for backward, attention
 * weights) are valid until the next use of the same workspace. Workspaces are per thread.
 */
public final class StepWorkspace {
    /** Workspace of {@code Trainer.trainStep}. */
    public static final String TRAIN = "attentionlab-train-step";
    /** Workspace of evaluation batches. */
    public static final String EVAL = "attentionlab-eval-batch";
    /** Workspace of one decoding step. */
    public static final String DECODE = "attentionlab-decode-step";
    /**
     * Workspace of a whole decode (greedy, beam, sampling): the encoder's output and everything a
     * search allocates outside its steps; the steps nest their own ({@link #DECODE}) inside it.
     */
    public static final String SEARCH = "attentionlab-decode-search";
    /** Workspace of one layer's backward pass ({@link LayerScope}). */
    public static final String LAYER = "attentionlab-layer-backward";

    private static final WorkspaceConfiguration CONFIG = WorkspaceConfiguration.builder()
            .initialSize(0)
            .overallocationLimit(0.2)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policySpill(SpillPolicy.REALLOCATE)
            .build();

    /**
     * Decoding without a cache needs a little more memory at every step (the prefix grows by one).
     * ND4J applies the over-allocation margin only at a workspace's first sizing and afterwards
     * reallocates, and zero-fills, the block to the exact new need whenever a step needs more: every
     * step of such a decode (6 % of its time in a profile, 22 MB zero-filled a step on the reference
     * benchmark). A floor of 32 MB lets ordinary decoding sizes grow without reallocating.
     */
    private static final WorkspaceConfiguration GROWING = WorkspaceConfiguration.builder()
            .initialSize(0)
            .minSize(32L << 20)
            .overallocationLimit(1.0)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policySpill(SpillPolicy.REALLOCATE)
            .build();

    private StepWorkspace() {
    }

    /**
     * Opens (activates) the calling thread's workspace {@code id}; close the returned scope, with
     * try-with-resources, at the end of the step. Nested use of different ids is fine.
     */
    public static Scope open(String id) {
        MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(id.equals(DECODE) ? GROWING : CONFIG, id);
        return new Scope(ws, ws.getCurrentSize());
    }

    /**
     * Frees the calling thread's workspace {@code id}, if it exists and is not open: its block is
     * the size of the largest step it served (hundreds of MB for long sequences), and it is kept
     * for the next step. A later {@link #open} measures and allocates it anew.
     */
    public static void release(String id) {
        if (Nd4j.getWorkspaceManager().checkIfWorkspaceExists(id)) {
            MemoryWorkspace ws = Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(id);
            if (!ws.isScopeActive()) {
                Nd4j.getWorkspaceManager().destroyWorkspace(ws);
                NativeMemory.trim();
            }
        }
    }

    /** Bytes of the calling thread's workspace {@code id} (0 when it does not exist). */
    public static long size(String id) {
        return Nd4j.getWorkspaceManager().checkIfWorkspaceExists(id)
                ? Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(id).getCurrentSize() : 0;
    }

    /**
     * An open workspace. Closing it returns freed memory to the operating system whenever the block
     * was sized or resized during the scope: the first use of a workspace allocates every array of
     * the step separately (the spill) and frees them at the close, and the C allocator keeps such
     * memory for reuse, resident, unless asked to give it back (measured: about 90 MB kept after the
     * first training step of the reference benchmark, see docs/benchmarks.md).
     */
    public static final class Scope implements AutoCloseable {
        private final MemoryWorkspace workspace;
        private final long sizeAtOpen;

        private Scope(MemoryWorkspace workspace, long sizeAtOpen) {
            this.workspace = workspace;
            this.sizeAtOpen = sizeAtOpen;
        }

        /** The ND4J workspace. */
        public MemoryWorkspace workspace() {
            return workspace;
        }

        @Override
        public void close() {
            workspace.close();
            if (workspace.getCurrentSize() != sizeAtOpen && !workspace.isScopeActive()) {
                NativeMemory.trim();
            }
        }
    }
}
