package org.attentionlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.attentionlab.nn.StepWorkspace;
import org.bytedeco.javacpp.Pointer;

/**
 * Where the resident memory of a {@code bench} run goes, phase by phase ({@code bench --memory}):
 * the process's resident size and peak, the Java heap (used and committed), the JVM's other
 * committed memory (class metadata, compiled code), ND4J's workspaces by name, the parameters with
 * their gradients and Adam's two moments, and what JavaCPP counts. What no column names (the
 * ND4J and OpenBLAS libraries' own memory, thread stacks, memory the C allocator keeps) is the
 * remainder; the first rows, before any model exists, are the floor of a JVM with ND4J loaded.
 */
final class MemoryReport {
    private static final String[] WORKSPACES = {StepWorkspace.TRAIN, StepWorkspace.LAYER, StepWorkspace.EVAL,
        StepWorkspace.SEARCH,
        StepWorkspace.DECODE};
    private static final double MB = 1 << 20;
    private final List<String> rows = new ArrayList<>();

    /** Records the memory now, after {@code phase}; {@code parameterBytes} as in the table's column. */
    void mark(String phase, long parameterBytes) {
        long[] status = status();
        MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
        StringBuilder ws = new StringBuilder();
        for (String id : WORKSPACES) {
            ws.append(String.format(Locale.ROOT, " %.0f |", StepWorkspace.size(id) / MB));
        }
        rows.add(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f / %.0f | %.0f |%s %.0f | %.0f / %.0f |",
                phase, status[0] / MB, status[1] / MB, mx.getHeapMemoryUsage().getUsed() / MB,
                mx.getHeapMemoryUsage().getCommitted() / MB, mx.getNonHeapMemoryUsage().getCommitted() / MB,
                ws, parameterBytes / MB, Pointer.totalBytes() / MB, Pointer.physicalBytes() / MB));
    }

    void print(PrintStream out) {
        out.println("| after | RSS MB | peak RSS MB | Java heap used / committed MB | JVM non-heap MB "
                + "| train-step workspace MB | layer-backward workspace MB | eval workspace MB "
                + "| decode-search workspace MB | decode-step workspace MB | parameters, gradients, Adam MB | JavaCPP total / physical MB |");
        out.println("| --- |" + " ---: |".repeat(11));
        rows.forEach(out::println);
    }

    /** VmRSS and VmHWM in bytes, or -1 where /proc is unavailable. */
    private static long[] status() {
        long[] r = {-1, -1};
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    r[0] = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                } else if (line.startsWith("VmHWM:")) {
                    r[1] = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return r;
        }
        return r;
    }
}
