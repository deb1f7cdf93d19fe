package org.attentionlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.attentionlab.data.Batch;
import org.attentionlab.data.Vocabulary;
import org.attentionlab.decode.GreedyDecoder;
import org.attentionlab.nn.Transformer;
import org.attentionlab.nn.TransformerConfig;
import org.attentionlab.train.Trainer;
import org.attentionlab.train.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.OpProfiler;
import org.nd4j.linalg.profiler.ProfilerConfig;

/**
 * {@code bench}: the reference benchmark of shared/notes/benchmark.md, the same configuration and
 * the same definitions as {@code bench/pytorch_reference.py}, so that the two can be compared
 * figure by figure ({@code bench/compare.py} runs both and prints the ratios).
 *
 * <p>Training: median time of one {@link Trainer#trainStep} (forward, loss, backward, gradient
 * norm, Adam) over {@code --steps} steps after warm-up steps (at least 10, then more until 100 steps
 * or 15 s), wall-clock and the process's CPU
 * time (which a loaded machine disturbs much less). Decoding: median of {@code --decode-runs} (5)
 * greedy decodes of {@code length} steps each over the batch (no early stop), with and without
 * the KV cache, each kind after warm-up decodes (2,000 decoding steps or 10 s, at least one). MFU: the model FLOPs of {@link #modelFlopsForward} times 3 (forward + backward) per step,
 * over the FLOP/s of a 1024x1024 float32 GEMM into a preallocated output, measured in this process
 * with the same threads.
 */
final class BenchCommand implements Command {
    private static final int VOCAB = 1000;
    private static final int LAYERS = 2;
    /**
     * Training warm-up: at least {@link #WARMUP} steps, then more until {@link #WARMUP_TRAIN_STEPS}
     * steps or {@link #WARMUP_TRAIN_SECONDS} have passed. Ten steps were the rule before, but at the
     * reference size the JIT was still compiling (ND4J's op dispatch, the Java loops) for about 100
     * steps, on the same core when the benchmark is pinned to one: steps 11-30 took 153 ms of the
     * main thread's CPU and 190 ms of wall-clock time, steps 101-160 134-141 and 137-148 ms
     * (measured on a shared machine, one thread, pinned). bench/pytorch_reference.py warms up by the
     * same rule.
     */
    private static final int WARMUP = 10;
    private static final int WARMUP_TRAIN_STEPS = 100;
    private static final double WARMUP_TRAIN_SECONDS = 15;
    /**
     * Decoding warm-up: whole decodes until this many decoding steps or {@link #WARMUP_DECODE_SECONDS}
     * have passed (at least one decode). The JIT needed about 50 cached decodes of the reference
     * benchmark (1,600 steps) before a decode's CPU time stopped falling; one warm-up decode, the
     * rule before, timed code that was still being compiled.
     */
    private static final int WARMUP_DECODE_STEPS = 2000;
    private static final double WARMUP_DECODE_SECONDS = 10;

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "the reference training and decoding benchmark (compare with bench/pytorch_reference.py)";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: attention-lab bench [--d-model 128] [--heads 4] [--d-ff 512] [--length 32] [--batch 32]",
                "                           [--steps 20] [--threads N] [--json]",
                "  Encoder-decoder post-LN, ReLU, sinusoidal, dropout 0, 2+2 layers, vocabulary 1000 untied;",
                "  the last 4 source positions padded; Adam lr 1e-3, plain cross-entropy; greedy decoding of",
                "  --length steps over the batch with and without the KV cache.",
                "  --steps N    timed training steps (after warm-up steps: 10, then more until 100 or 15 s);",
                "               the median is reported",
                "  --decode-runs N  timed greedy decodes of each kind (5), after warm-up decodes (2,000 steps or 10 s);",
                "               the median is reported; 0 skips decoding (for memory measurements of training)",
                "  --cached-only  time only the decodes with the KV cache (an uncached decode of length 256",
                "               takes about a minute; for profiling and measuring the cached step)",
                "  --threads N  threads for ND4J's native ops and OpenBLAS (default: OMP_NUM_THREADS, else 1)",
                "  --json       print one JSON object (keys as bench/pytorch_reference.py --json)",
                "  --profile    print ND4J's per-op profile of the timed training steps to stderr (slows them ~5%)",
                "  --memory     print where the resident memory goes, phase by phase, to stderr");
    }

    @Override
    public int run(Options options, PrintStream out, PrintStream err) throws IOException {
        int d = options.integer("d-model", 128);
        int heads = options.integer("heads", 4);
        int dff = options.integer("d-ff", 512);
        int t = options.integer("length", 32);
        int b = options.integer("batch", 32);
        int steps = options.integer("steps", 20);
        int decodeRuns = options.integer("decode-runs", 5);
        String envThreads = System.getenv("OMP_NUM_THREADS");
        int threads = options.integer("threads", envThreads == null ? 1 : Integer.parseInt(envThreads.trim()));
        boolean json = options.flag("json");
        boolean cachedOnly = options.flag("cached-only");
        boolean profile = options.flag("profile");
        MemoryReport memory = options.flag("memory") ? new MemoryReport() : null;
        options.finish(false);
        for (String[] p : new String[][] {{"d-model", "" + d}, {"heads", "" + heads}, {"d-ff", "" + dff},
                {"length", "" + t}, {"batch", "" + b}, {"steps", "" + steps}, {"threads", "" + threads}}) {
            if (Integer.parseInt(p[1]) < 1) {
                throw new UsageException("--" + p[0] + " must be at least 1, got " + p[1]);
            }
        }
        if (decodeRuns < 0) {
            throw new UsageException("--decode-runs must be 0 or more, got " + decodeRuns);
        }
        if (t <= 4) {
            throw new UsageException("--length must exceed the 4 padded source positions, got " + t);
        }
        if (memory != null) {
            memory.mark("JVM started", 0);
        }
        Threads.set(threads);
        Map<String, Object> r = run(d, heads, dff, t, b, steps, decodeRuns, cachedOnly, threads, profile,
                memory);
        if (memory != null) {
            memory.print(err);
        }
        if (json) {
            out.println(toJson(r));
        } else {
            r.forEach((k, v) -> out.println(String.format(Locale.ROOT, "%-28s %s", k,
                    v instanceof Double x ? String.format(Locale.ROOT, "%.4g", x) : v)));
        }
        return 0;
    }

    private static Map<String, Object> run(int d, int heads, int dff, int t, int b, int steps, int decodeRuns,
            boolean cachedOnly, int threads, boolean profile, MemoryReport memory) {
        if (memory != null) {
            Nd4j.create(DataType.FLOAT, 4).addi(1);   // ND4J's native libraries loaded and one op run
            memory.mark("ND4J loaded (the floor)", 0);
        }
        TransformerConfig mc = TransformerConfig.builder().dModel(d).heads(heads).dFf(dff).layers(LAYERS)
                .vocab(VOCAB).maxLen(Math.max(512, t + 1)).dropout(0).build();
        TrainingConfig tc = TrainingConfig.builder().steps(WARMUP_TRAIN_STEPS + steps).batchSize(b).learningRate(1e-3)
                .warmup(0).labelSmoothing(0).clipNorm(0).seed(1).build();
        Trainer trainer = Trainer.create(mc, tc);
        // Values and gradients, and Adam's two moments: four float32 numbers a parameter.
        long parameterBytes = 4L * 4 * trainer.model().parameterCount();
        if (memory != null) {
            memory.mark("model and optimiser made", parameterBytes);
        }
        Batch batch = referenceBatch(b, t, new SplittableRandom(0));
        List<Batch> one = List.of(batch);
        int warmed = 0;
        long warmStart = System.nanoTime();
        while (warmed < WARMUP || (warmed < WARMUP_TRAIN_STEPS
                && (System.nanoTime() - warmStart) / 1e9 < WARMUP_TRAIN_SECONDS)) {
            trainer.trainStep(one);
            if (memory != null && warmed == 0) {
                memory.mark("first training step", parameterBytes);
            }
            warmed++;
        }
        if (profile) {
            Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().checkElapsedTime(true).build());
        }
        double[] times = new double[steps];
        double[] cpu = new double[steps];
        for (int i = 0; i < steps; i++) {
            long start = System.nanoTime();
            long startCpu = processCpuNanos();
            trainer.trainStep(one);
            times[i] = (System.nanoTime() - start) / 1e9;
            cpu[i] = (processCpuNanos() - startCpu) / 1e9;
        }
        if (profile) {
            Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().build());
            OpProfiler.getInstance().printOutDashboard();
        }
        double trainS = median(times);
        if (memory != null) {
            memory.mark(warmed + steps + " training steps", parameterBytes);
        }
        // Training is over: free its workspaces, as Trainer.fit does when it ends (PyTorch frees a
        // step's activations during the step itself).
        trainer.releaseMemory();
        if (memory != null) {
            memory.mark("training workspaces freed", parameterBytes);
        }

        Transformer model = trainer.model();
        INDArray srcKeep = batch.srcKeyPadding();
        int[] caps = new int[b];
        Arrays.fill(caps, t);
        if (profile) {
            profileDecode(model, batch, caps, true);
            profileDecode(model, batch, caps, false);
        }
        // Each kind: warm-up decodes (the JIT compiles the Java parts of a step), then the timed
        // ones. The first decodes of the two kinds must emit the same tokens, as
        // bench/pytorch_reference.py checks for PyTorch's two decoders. --decode-runs 0: none.
        double[] cacheS = {Double.NaN, Double.NaN};
        double[] nocacheS = {Double.NaN, Double.NaN};
        if (decodeRuns > 0) {
            GreedyDecoder cached = new GreedyDecoder(Vocabulary.BOS, -1, true);
            GreedyDecoder uncached = new GreedyDecoder(Vocabulary.BOS, -1, false);
            int[][] withCache = warmUp(cached, model, batch.src(), srcKeep, caps);
            cacheS = timeDecode(cached, model, batch.src(), srcKeep, caps, decodeRuns);
            if (memory != null) {
                memory.mark("greedy decodes with the KV cache", parameterBytes);
            }
            if (!cachedOnly) {
                int[][] withoutCache = warmUp(uncached, model, batch.src(), srcKeep, caps);
                nocacheS = timeDecode(uncached, model, batch.src(), srcKeep, caps, decodeRuns);
                if (memory != null) {
                    memory.mark("greedy decodes without it", parameterBytes);
                }
                if (!Arrays.deepEquals(withCache, withoutCache)) {
                    throw new IllegalStateException(
                            "greedy decoding with the KV cache disagrees with decoding without it");
                }
            }
        }

        double flops = 3.0 * modelFlopsForward(b, t, t, d, dff, LAYERS, LAYERS, VOCAB);
        double peak = gemmPeak(1.0);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("impl", "attention-lab");
        r.put("threads", threads);
        r.put("batch", b);
        r.put("length", t);
        r.put("d_model", d);
        r.put("heads", heads);
        r.put("d_ff", dff);
        r.put("train_ms_per_step", trainS * 1e3);
        r.put("train_tokens_per_s", b * t / trainS);
        r.put("train_cpu_ms_per_step", median(cpu) * 1e3);
        r.put("decode_ms", cacheS[0] * 1e3);
        r.put("decode_tokens_per_s", b * t / cacheS[0]);
        r.put("decode_cpu_ms", cacheS[1] * 1e3);
        r.put("decode_nocache_ms", nocacheS[0] * 1e3);
        r.put("decode_nocache_tokens_per_s", b * t / nocacheS[0]);
        r.put("decode_nocache_cpu_ms", nocacheS[1] * 1e3);
        r.put("peak_rss_mb", peakRssMb());
        if (memory != null) {
            memory.mark("GEMM peak measured (the end)", parameterBytes);
        }
        r.put("mfu", flops / trainS / peak);
        r.put("gemm_peak_gflops", peak / 1e9);
        return r;
    }

    /** B pairs of T random tokens; the last 4 source positions are padding; every target counts. */
    static Batch referenceBatch(int b, int t, SplittableRandom rng) {
        int[][] src = new int[b][t];
        int[][] tgtIn = new int[b][t];
        int[][] tgtOut = new int[b][t];
        float[][] srcMask = new float[b][t];
        float[][] tgtMask = new float[b][t];
        int[] indices = new int[b];
        for (int i = 0; i < b; i++) {
            indices[i] = i;
            int[] tgt = new int[t + 1];
            for (int j = 0; j <= t; j++) {
                tgt[j] = rng.nextInt(3, VOCAB);
            }
            for (int j = 0; j < t; j++) {
                boolean pad = j >= t - 4;
                src[i][j] = pad ? Vocabulary.PAD : rng.nextInt(3, VOCAB);
                srcMask[i][j] = pad ? 0 : 1;
                tgtIn[i][j] = tgt[j];
                tgtOut[i][j] = tgt[j + 1];
                tgtMask[i][j] = 1;
            }
        }
        return new Batch(indices, src, tgtIn, tgtOut, srcMask, tgtMask);
    }

    /** Decodes until the warm-up's steps or seconds are reached; returns the first decode's tokens. */
    private static int[][] warmUp(GreedyDecoder decoder, Transformer model, int[][] src, INDArray srcKeep, int[] caps) {
        long start = System.nanoTime();
        int[][] first = decoder.decode(model, src, srcKeep, caps);
        int steps = caps[0];
        while (steps < WARMUP_DECODE_STEPS && System.nanoTime() - start < WARMUP_DECODE_SECONDS * 1e9) {
            decoder.decode(model, src, srcKeep, caps);
            steps += caps[0];
        }
        return first;
    }

    /** Medians over {@code runs} decodes: wall-clock seconds and the process's CPU seconds. */
    private static double[] timeDecode(GreedyDecoder decoder, Transformer model, int[][] src, INDArray srcKeep,
            int[] caps, int runs) {
        double[] times = new double[runs];
        double[] cpu = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            long startCpu = processCpuNanos();
            decoder.decode(model, src, srcKeep, caps);
            times[i] = (System.nanoTime() - start) / 1e9;
            cpu[i] = (processCpuNanos() - startCpu) / 1e9;
        }
        return new double[] {median(times), median(cpu)};
    }

    /**
     * CPU time of the whole process (every thread, the garbage collector's included), in ns: on a
     * loaded machine wall-clock times measure the other processes too, CPU times much less so.
     */
    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    /**
     * Multiply-add FLOPs (2 per MAC) of one forward pass: projections, attention products, FFN and
     * the output layer; the same formula as {@code model_flops_forward} in bench/pytorch_reference.py.
     */
    static double modelFlopsForward(double b, double ts, double tt, double d, double dff, int enc, int dec,
            double vocab) {
        double selfTs = 2 * b * ts * d * 3 * d + 2 * b * ts * ts * d * 2 + 2 * b * ts * d * d;
        double selfTt = 2 * b * tt * d * 3 * d + 2 * b * tt * tt * d * 2 + 2 * b * tt * d * d;
        double cross = 2 * b * tt * d * d + 2 * b * ts * d * 2 * d + 2 * b * tt * ts * d * 2 + 2 * b * tt * d * d;
        double ffnTs = 2 * b * ts * d * dff * 2;
        double ffnTt = 2 * b * tt * d * dff * 2;
        return enc * (selfTs + ffnTs) + dec * (selfTt + cross + ffnTt) + 2 * b * tt * d * vocab;
    }

    /** FLOP/s of a 1024x1024 float32 GEMM into a preallocated output, over about {@code seconds}. */
    static double gemmPeak(double seconds) {
        INDArray a = Nd4j.rand(DataType.FLOAT, 1024, 1024);
        INDArray c = Nd4j.rand(DataType.FLOAT, 1024, 1024);
        INDArray o = Nd4j.createUninitialized(DataType.FLOAT, 1024, 1024);
        for (int i = 0; i < 3; i++) {
            Nd4j.gemm(a, c, o, false, false, 1.0, 0.0);
        }
        long n = 0;
        long start = System.nanoTime();
        while (System.nanoTime() - start < seconds * 1e9) {
            Nd4j.gemm(a, c, o, false, false, 1.0, 0.0);
            n++;
        }
        return 2.0 * 1024 * 1024 * 1024 * n / ((System.nanoTime() - start) / 1e9);
    }

    /** Peak resident memory of this process (VmHWM), in MB, or NaN where /proc is unavailable. */
    static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static String toJson(Map<String, Object> r) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, Object> e : r.entrySet()) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append('"').append(e.getKey()).append("\": ");
            Object v = e.getValue();
            if (v instanceof String s) {
                sb.append('"').append(s).append('"');
            } else if (v instanceof Double x) {
                sb.append(Double.isFinite(x) ? String.format(Locale.ROOT, "%.6g", x) : "null");
            } else {
                sb.append(v);
            }
        }
        return sb.append('}').toString();
    }

    /** Prints ND4J's per-op profile of one greedy decode of {@code batch}, with or without the KV cache. */
    private static void profileDecode(Transformer model, Batch batch, int[] caps, boolean cache) {
        OpProfiler.getInstance().reset();
        Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().checkElapsedTime(true).build());
        new GreedyDecoder(Vocabulary.BOS, -1, cache).decode(model, batch.src(), batch.srcKeyPadding(), caps);
        Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().build());
        System.err.println("=== one greedy decode " + (cache ? "with" : "without") + " the KV cache");
        OpProfiler.getInstance().printOutDashboard();
    }
}
