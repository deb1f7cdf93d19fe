package org.attentionlab.lesson;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.LongSupplier;

/**
 * Times a computation the way a lesson on a shared machine must: the fastest of several runs after
 * a warm-up, on the CPU-time clock of the calling thread when ND4J runs its arithmetic on that one
 * thread ({@code OMP_NUM_THREADS} unset or 1, the kernel's default). That clock measures the work
 * and is disturbed far less than wall-clock time by other processes; with more threads only
 * wall-clock time is honest, and that is what is used then.
 */
public final class Stopwatch {
    /** Runs at most, and the time (ms) after which no more runs are added beyond the minimum. */
    static final int MAX_RUNS = 7;
    static final double BUDGET_MS = 1500;

    private final boolean cpuTime;
    private final LongSupplier nanos;

    Stopwatch(boolean cpuTime, LongSupplier nanos) {
        this.cpuTime = cpuTime;
        this.nanos = nanos;
    }

    /** The CPU time of the calling thread when ND4J uses one thread and the JVM can measure it; else wall-clock time. */
    public static Stopwatch forThisThread() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpu = oneThread(System.getenv("OMP_NUM_THREADS")) && threads.isCurrentThreadCpuTimeSupported();
        return cpu ? new Stopwatch(true, threads::getCurrentThreadCpuTime) : new Stopwatch(false, System::nanoTime);
    }

    static boolean oneThread(String ompNumThreads) {
        return ompNumThreads == null || ompNumThreads.isBlank() || ompNumThreads.trim().equals("1");
    }

    public boolean measuresCpuTime() {
        return cpuTime;
    }

    /** What the clock is, for a lesson to print. */
    public String clock() {
        return cpuTime ? "CPU time of the notebook's thread" : "wall-clock time";
    }

    /**
     * Runs {@code task} once to warm up (JIT, allocation), then at least {@code minRuns} times and more,
     * up to {@value #MAX_RUNS}, while the runs took under {@value #BUDGET_MS} ms in all; returns the
     * fastest in milliseconds, the run least disturbed by anything else.
     */
    public double fastestMillis(Runnable task, int minRuns) {
        if (minRuns < 1 || minRuns > MAX_RUNS) {
            throw new IllegalArgumentException("minRuns must be 1 to " + MAX_RUNS + ", got " + minRuns);
        }
        task.run();
        double best = Double.MAX_VALUE, spent = 0;
        for (int i = 0; i < MAX_RUNS && (i < minRuns || spent < BUDGET_MS); i++) {
            long t0 = nanos.getAsLong();
            task.run();
            double ms = (nanos.getAsLong() - t0) / 1e6;
            best = Math.min(best, ms);
            spent += ms;
        }
        return best;
    }
}
