package org.attentionlab.kernel;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Times one long cell of declarations in an in-process kernel (not a test: run it by hand, see
 * docs/benchmarks.md): wall time, CPU time of the evaluating thread and of the whole process, and
 * the load average, since on a shared machine wall time says more about the load than the kernel.
 *
 * <pre>java -cp "target/classes:target/test-classes:target/lib/*" org.attentionlab.kernel.LongCellTiming 1000 methods</pre>
 */
public final class LongCellTiming {
    private LongCellTiming() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        boolean methods = args.length > 1 && args[1].startsWith("method");
        AttentionKernel kernel = new AttentionKernel();
        kernel.awaitReady();
        kernel.evalCell("int warmUp = 1;", "warm-up");
        StringBuilder cell = new StringBuilder();
        for (int i = 0; i < n; i++) {
            cell.append(methods ? "int m" + i + "(int x) { return x + " + i + "; }\n" : "int a" + i + " = " + i + ";\n");
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long evaluations = kernel.session().evaluations();
        long process = os.getProcessCpuTime();
        long thread = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        kernel.evalCell(cell.toString(), "cell");
        double wall = (System.nanoTime() - start) / 1e9;
        double threadCpu = (threads.getCurrentThreadCpuTime() - thread) / 1e9;
        double processCpu = (os.getProcessCpuTime() - process) / 1e9;
        long used = kernel.session().evaluations() - evaluations;
        Object check = kernel.evalCell(methods ? "m" + (n - 1) + "(1)" : "a" + (n - 1), "check");
        String load = Files.exists(Path.of("/proc/loadavg")) ? Files.readString(Path.of("/proc/loadavg")).trim() : "?";
        System.out.printf("%d %s: wall %.2f s, thread CPU %.2f s, process CPU %.2f s, %d JShell evaluations,"
                + " check %s, load average %s%n", n, methods ? "methods" : "variables", wall, threadCpu, processCpu, used,
                check, load);
        System.exit(0);
    }
}
