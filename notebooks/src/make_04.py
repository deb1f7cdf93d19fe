"""Writes notebooks/04-training-vs-inference.ipynb (without outputs). Run from anywhere:
/usr/bin/python3 notebooks/src/make_04.py"""
from nbtools import Builder

# 04 and 06 keep the cell ids and file ending they were first committed with (see nbtools).
nb = Builder(ids="kind", blank_line_at_end=False)
md = nb.md
code = nb.code

md(r"""
# 04 · Training versus inference

**The question.** A Transformer is trained on gold prefixes but must run on its own. How much
does that difference cost, where in the output does it show, can training be made to look more
like inference, and where does the famous parallelism of the Transformer actually live?

Three measured experiments on the same small task (reversing a string):

1. one model scored two ways, with teacher forcing and free-running, error by output position;
2. scheduled sampling with its three decays against plain teacher forcing;
3. time against sequence length for the encoder, the teacher-forced decoder, and step-by-step
   decoding with and without the key/value cache.

Everything is seeded; `ATTENTION_LAB_QUICK=1` runs a shrunken version of every cell (as CI does).
""")

code(r"""
%jars ../target/attention-lab.jar ../target/lib/*.jar
""")

code(r"""
import org.attentionlab.nn.*;
import org.attentionlab.train.*;
import org.attentionlab.data.*;
import org.attentionlab.decode.*;
import org.attentionlab.metrics.*;
import org.attentionlab.viz.*;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.knowm.xchart.*;
import tech.tablesaw.api.*;
import java.util.*;

// Read the quick switch directly, so the notebook also runs on a stock IJava/JJava kernel.
boolean QUICK = "1".equals(System.getenv("ATTENTION_LAB_QUICK"));
int STEPS = QUICK ? 60 : 400;             // optimiser steps of every model in this notebook
long notebookStart = System.nanoTime();

// A table row with its columns in the order given.
Map<String, Object> row(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return m;
}
System.out.println((QUICK ? "quick" : "default") + " setting: " + STEPS + " training steps per model");
""")

md(r"""
## 1 · Teacher forcing and free-running decoding

The decoder factorises the output probability left to right,

$$p(y \mid x) = \prod_{t=1}^{n} p\big(y_t \mid y_{<t},\, x\big).$$

**Training (teacher forcing)** maximises $\sum_t \log p(y_t \mid y_{<t}, x)$ with the *gold*
prefix $y_{<t}$ fed as decoder input: every position is predicted at once, in one pass, from
correct history.

**Inference (free-running)** has no gold prefix. It feeds back its own previous choices,
$\hat y_t = \arg\max_v p(v \mid \hat y_{<t}, x)$, so one early mistake changes the input of every
later step: a situation never seen in training. This mismatch is called **exposure bias**. If it
matters, free-running accuracy is below teacher-forced accuracy, and the gap grows with the output
position, because later positions have had more chances to inherit an error.

The task: reverse a string of 4 to 10 characters (`k3b9` → `9b3k`).
""")

code(r"""
Task task = Tasks.forName("reverse", TaskOptions.defaults().withExamples(3000).withLengths(4, 10).withSeed(7));
List<EncodedPair> train = task.encode(task.train());
List<EncodedPair> test = task.encode(task.test());
if (QUICK) test = test.subList(0, 96);     // the quick setting scores a sample of the test split
System.out.println(task.describe());
for (Example e : task.test().subList(0, 3)) {
    System.out.println("  " + e.source() + "  ->  " + e.target());
}
""")

md(r"""
A deliberately small model (one layer each side, $d_\text{model} = 32$, two heads), trained for a
fixed number of steps with Adam at a constant rate: small enough to train in a minute or two, not so
well trained that it never errs, which is when exposure bias can be seen.
""")

code(r"""
TransformerConfig modelConfig = TransformerConfig.builder()
        .dModel(32).heads(2).dFf(64).layers(1)
        .srcVocab(task.sourceVocabulary().size()).tgtVocab(task.targetVocabulary().size())
        .maxLen(32).dropout(0.0).build();
TrainingConfig teacherForcing = TrainingConfig.builder()
        .steps(STEPS).batchSize(32).learningRate(3e-3).labelSmoothing(0.0).clipNorm(1.0).seed(1)
        .sampling(ScheduledSampling.none()).build();

// Trains one model, showing a live progress line and loss curve; returns the trainer.
Trainer trainModel(String name, TrainingConfig config) throws Exception {
    Trainer trainer = Trainer.create(modelConfig, config);
    History history = new History(name);
    String line = display(name + ": starting");
    String plot = display(LossCurves.chart(List.of(History.of(name, new double[] {0}, new double[] {Math.log(modelConfig.tgtVocab())}, null))));
    trainer.listen(new TrainingListener() {
        public void onStep(StepEvent e) {
            history.step(e.step(), e.loss(), e.learningRate(), e.tokensPerSecond());
            updateDisplay(line, String.format("%s: step %d/%d  loss %.3f  gold-token probability %.2f  %.0f s",
                    name, e.step(), e.totalSteps(), e.loss(), e.goldProbability(), e.elapsedSeconds()));
            if (e.step() % 10 == 0 || e.step() == e.totalSteps()) {
                updateDisplay(plot, LossCurves.chart(List.of(history)));
            }
        }
    });
    trainer.fit(train, List.of(), null);
    return trainer;
}

Trainer tf = trainModel("teacher forcing", teacherForcing);
Transformer model = tf.model();
model.parameterCount() + " parameters"
""")

md(r"""
Now the same model is scored twice on the held-out test split. Position $t$ counts from 0 and
includes the final END token; a free-running output that is too short is wrong at every missing
position.
""")

code(r"""
// Per-position counts: correct[t], total[t]; plus whole sequences right.
record Scores(long[] correct, long[] total, int sequencesRight, int sequences) {
    double tokenAccuracy() { return (double) Arrays.stream(correct).sum() / Arrays.stream(total).sum(); }
    double sequenceAccuracy() { return (double) sequencesRight / sequences; }
    double errorAt(int t) { return total[t] == 0 ? Double.NaN : 1.0 - (double) correct[t] / total[t]; }
}

int MAXPOS = 12;

// Teacher forcing: one parallel pass with the gold prefix; prediction at t = argmax of logits[t].
Scores teacherForced(Transformer m, List<EncodedPair> pairs) {
    m.train(false);
    long[] c = new long[MAXPOS], n = new long[MAXPOS];
    int right = 0;
    for (Batch b : Batcher.inOrder(pairs, 64)) {
        INDArray logits = m.forward(b.src(), b.tgtIn(), b.srcKeyPadding(), b.tgtKeyPadding());   // [B,T,V]
        int B = b.size(), T = b.tgtLength();
        INDArray best = Nd4j.argMax(logits.reshape(B * T, logits.size(2)), 1);                 // [B*T]
        for (int i = 0; i < B; i++) {
            boolean ok = true;
            for (int t = 0; t < T && b.tgtOut()[i][t] != Vocabulary.PAD; t++) {
                boolean hit = best.getInt(i * T + t) == b.tgtOut()[i][t];
                n[t]++; if (hit) c[t]++; else ok = false;
            }
            if (ok) right++;
        }
    }
    return new Scores(c, n, right, pairs.size());
}

// Free-running: greedy decoding, each step fed the model's own previous token.
Scores freeRunning(Transformer m, List<EncodedPair> pairs) {
    GreedyDecoder greedy = new GreedyDecoder(Vocabulary.BOS, Vocabulary.END, true);
    long[] c = new long[MAXPOS], n = new long[MAXPOS];
    int right = 0;
    for (Batch b : Batcher.inOrder(pairs, 64)) {
        int[] caps = new int[b.size()];
        Arrays.fill(caps, MAXPOS);
        int[][] out = greedy.decode(m, b.src(), b.srcKeyPadding(), caps);
        for (int i = 0; i < b.size(); i++) {
            int[] gold = b.tgtOut()[i];
            boolean ok = true;
            for (int t = 0; t < gold.length && gold[t] != Vocabulary.PAD; t++) {
                int predicted = t < out[i].length ? out[i][t] : (t == out[i].length ? Vocabulary.END : -1);
                n[t]++; if (predicted == gold[t]) c[t]++; else ok = false;
            }
            if (ok) right++;
        }
    }
    return new Scores(c, n, right, pairs.size());
}

Scores forced = teacherForced(model, test);
Scores free = freeRunning(model, test);
Tables.results("Same model, two ways of scoring it (test split)", List.of(
        row("scoring", "teacher forcing (gold prefix)", "token accuracy", forced.tokenAccuracy(), "sequence accuracy", forced.sequenceAccuracy()),
        row("scoring", "free-running (own prefix)", "token accuracy", free.tokenAccuracy(), "sequence accuracy", free.sequenceAccuracy())))
""")

code(r"""
int positions = 0;
while (positions < MAXPOS && forced.total()[positions] > 0) positions++;
double[] pos = new double[positions], errForced = new double[positions], errFree = new double[positions];
for (int t = 0; t < positions; t++) {
    pos[t] = t;
    errForced[t] = forced.errorAt(t);
    errFree[t] = free.errorAt(t);
}
Map<String, double[]> series = new LinkedHashMap<>();
series.put("teacher forcing", errForced);
series.put("free-running", errFree);
XYChart byPosition = MetricCharts.line("Error rate by output position (test split)", "output position t", "error rate", pos, series);
byPosition.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);   // errors are low there
byPosition
""")

code(r"""
// Conclusions, computed from the numbers above.
double gap = forced.tokenAccuracy() - free.tokenAccuracy();
int half = positions / 2;
double earlyGap = 0, lateGap = 0;
for (int t = 0; t < positions; t++) {
    if (t < half) earlyGap += (errFree[t] - errForced[t]) / half;
    else lateGap += (errFree[t] - errForced[t]) / (positions - half);
}
if (gap > 0.01) {
    System.out.printf("Free-running token accuracy is %.1f points below teacher-forced (%.1f%% vs %.1f%%): "
            + "the same weights do worse when they must consume their own predictions.%n",
            100 * gap, 100 * free.tokenAccuracy(), 100 * forced.tokenAccuracy());
} else {
    System.out.printf("This run shows no clear exposure-bias gap: free-running %.1f%% vs teacher-forced %.1f%% token accuracy.%n",
            100 * free.tokenAccuracy(), 100 * forced.tokenAccuracy());
}
if (lateGap > earlyGap + 0.01) {
    System.out.printf("The gap grows along the output: %.1f points on average over positions 0-%d, %.1f over %d-%d, "
            + "as errors inherited from earlier steps accumulate.%n", 100 * earlyGap, half - 1, 100 * lateGap, half, positions - 1);
} else {
    System.out.printf("The gap does not grow along the output in this run (%.1f points over positions 0-%d, %.1f over %d-%d).%n",
            100 * earlyGap, half - 1, 100 * lateGap, half, positions - 1);
}
""")

md(r"""
## 2 · Scheduled sampling

Bengio et al. (2015) proposed to close the gap during training: at training step $i$ each decoder
input is the gold token with probability $\epsilon_i$ and the model's own prediction otherwise.
$\epsilon$ starts at 1 (teacher forcing) and decays with one of three schedules:

| decay | $\epsilon_i$ |
| --- | --- |
| linear | $\max(\epsilon_\min,\ 1 - c\,i)$ |
| exponential | $\max(\epsilon_\min,\ k^i)$, $k < 1$ |
| inverse sigmoid | $\max(\epsilon_\min,\ k / (k + e^{i/k}))$, $k \ge 1$ |

A Transformer's decoder sees all positions at once, so "the model's own prediction" comes from a
first, gradient-free teacher-forced pass (Mihaylova and Martins, 2019); the mixed inputs feed the
second pass, which is trained. Each step therefore costs one extra forward pass.

Below, the three schedules are tuned so that each reaches $\epsilon = 0.5$ by the end of training
(the floor $\epsilon_\min = 0.5$): linear $c = 0.5/N$, exponential $k = 0.5^{1/N}$, inverse sigmoid
$k$ solving $k/(k + e^{N/k}) = 0.5$, i.e. $k \ln k = N$, for $N$ training steps.
""")

code(r"""
double EPS_MIN = 0.5;
double sigmoidK = 2;
while (sigmoidK * Math.log(sigmoidK) < STEPS) sigmoidK += 0.01;   // k ln k = N
Map<String, ScheduledSampling> schedules = new LinkedHashMap<>();
schedules.put("linear", ScheduledSampling.linear(0.5 / STEPS, EPS_MIN));
schedules.put("exponential", ScheduledSampling.exponential(Math.pow(0.5, 1.0 / STEPS), EPS_MIN));
schedules.put("inverse sigmoid", ScheduledSampling.inverseSigmoid(sigmoidK, EPS_MIN));

double[] steps = new double[101];
Map<String, double[]> eps = new LinkedHashMap<>();
eps.put("teacher forcing", new double[steps.length]);
schedules.keySet().forEach(k -> eps.put(k, new double[steps.length]));
for (int j = 0; j < steps.length; j++) {
    long i = Math.round((double) j * STEPS / (steps.length - 1));
    steps[j] = i;
    eps.get("teacher forcing")[j] = ScheduledSampling.none().goldProbability(i);
    for (var e : schedules.entrySet()) eps.get(e.getKey())[j] = e.getValue().goldProbability(i);
}
XYChart decays = MetricCharts.line("Probability of feeding the gold token", "training step i", "epsilon_i", steps, eps);
decays.getStyler().setMarkerSize(0);
decays.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
System.out.printf("inverse-sigmoid k = %.2f; mean epsilon over training: linear %.2f, exponential %.2f, inverse sigmoid %.2f%n",
        sigmoidK, Arrays.stream(eps.get("linear")).average().getAsDouble(),
        Arrays.stream(eps.get("exponential")).average().getAsDouble(), Arrays.stream(eps.get("inverse sigmoid")).average().getAsDouble());
decays
""")

md(r"""
Three more models, identical to the first (same initial weights, same batches, same number of
steps) except for the decoder inputs during training. The teacher-forcing model of section 1 is the
baseline.
""")

code(r"""
Map<String, Transformer> models = new LinkedHashMap<>();
Map<String, Double> trainSeconds = new LinkedHashMap<>();
models.put("teacher forcing", model);
for (var e : schedules.entrySet()) {
    long t0 = System.nanoTime();
    Trainer t = trainModel("scheduled sampling, " + e.getKey(), teacherForcing.toBuilder().sampling(e.getValue()).build());
    trainSeconds.put(e.getKey(), (System.nanoTime() - t0) / 1e9);
    models.put(e.getKey(), t.model());
}
""")

code(r"""
Map<String, Scores> freeScores = new LinkedHashMap<>(), forcedScores = new LinkedHashMap<>();
List<Map<String, Object>> rows = new ArrayList<>();
for (var e : models.entrySet()) {
    Scores fr = freeRunning(e.getValue(), test), tfs = teacherForced(e.getValue(), test);
    freeScores.put(e.getKey(), fr);
    forcedScores.put(e.getKey(), tfs);
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("training", e.getKey());
    row.put("free-running token acc.", fr.tokenAccuracy());
    row.put("free-running sequence acc.", fr.sequenceAccuracy());
    row.put("teacher-forced token acc.", tfs.tokenAccuracy());
    row.put("gap (points)", 100 * (tfs.tokenAccuracy() - fr.tokenAccuracy()));
    rows.add(row);
}
Tables.results("Free-running accuracy on the test split after " + STEPS + " steps", rows)
""")

code(r"""
List<String> names = new ArrayList<>(models.keySet());
Map<String, double[]> bars = new LinkedHashMap<>();
bars.put("free-running token accuracy", names.stream().mapToDouble(n -> freeScores.get(n).tokenAccuracy()).toArray());
bars.put("free-running sequence accuracy", names.stream().mapToDouble(n -> freeScores.get(n).sequenceAccuracy()).toArray());
MetricCharts.bar("Test accuracy by training regime", "training", "accuracy", names, bars)
""")

code(r"""
// Conclusions from the table above.
double base = freeScores.get("teacher forcing").tokenAccuracy();
String best = names.stream().max(Comparator.comparingDouble(n -> freeScores.get(n).tokenAccuracy())).get();
for (String n : schedules.keySet()) {
    double d = freeScores.get(n).tokenAccuracy() - base;
    String verdict = d > 0.01 ? "better than" : d < -0.01 ? "worse than" : "about the same as (within 1 point of)";
    double baseGap = forcedScores.get("teacher forcing").tokenAccuracy() - base;
    double gapHere = forcedScores.get(n).tokenAccuracy() - freeScores.get(n).tokenAccuracy();
    System.out.printf("Scheduled sampling (%s): free-running token accuracy %.1f%%, %s teacher forcing (%.1f%%, %+.1f points); "
            + "teacher-forced minus free-running gap %.1f points against %.1f.%n", n, 100 * freeScores.get(n).tokenAccuracy(), verdict,
            100 * base, 100 * d, 100 * gapHere, 100 * baseGap);
}
System.out.println(best.equals("teacher forcing")
        ? "On this task and budget, plain teacher forcing gave the best free-running accuracy: scheduled sampling did not pay off here."
        : "Best free-running accuracy: scheduled sampling with the " + best + " decay.");
double ssSeconds = trainSeconds.values().stream().mapToDouble(Double::doubleValue).average().getAsDouble();
System.out.println(String.format("Each scheduled-sampling run took %.0f s on average for %d steps (it adds a forward pass a step).",
        ssSeconds, STEPS));
""")

md(r"""
## 3 · Where the parallelism is

With $n$ the sequence length and $d$ the model width, one layer costs $O(n^2 d + n d^2)$
arithmetic, but the **number of sequential steps** differs:

| computation | sequential steps | work |
| --- | --- | --- |
| encoder forward | 1 (all positions at once) | $O(n^2 d + n d^2)$ |
| decoder forward, teacher-forced (training) | 1 | $O(n^2 d + n d^2)$ |
| greedy decoding **without** cache | $n$, step $t$ re-runs the decoder on $t$ positions | $\sum_t O(t^2 d + t d^2)$ |
| greedy decoding **with** the KV cache | $n$, step $t$ runs 1 position against $t$ cached keys/values | $\sum_t O(t d + d^2)$ |

On a CPU with small matrices the per-operation overhead dominates, so the one-pass computations
should grow slowly with $n$, decoding with the cache about linearly, and decoding without it much
faster. Measured below on an untrained model (weights do not change the arithmetic) with END
forbidden, so every decoding runs exactly $n$ steps, for a batch of 16 sequences. Each time is the
fastest of several runs, on the CPU-time clock of the notebook's thread when ND4J uses one thread
(the default), because a shared machine disturbs wall-clock times.
""")

code(r"""
int[] lengths = QUICK ? new int[] {8, 16, 32} : new int[] {8, 16, 32, 64, 128};
int BATCH = 16, REPS = 2;
TransformerConfig timingConfig = TransformerConfig.builder().dModel(64).heads(4).dFf(256).layers(2)
        .vocab(40).maxLen(160).dropout(0.0).build();
Transformer tm = new Transformer(timingConfig, 11L);
tm.train(false);
tm.generator().bias().value().putScalar(Vocabulary.END, -1e4);   // never choose END: exactly n steps

// The clock: with one ND4J thread (OMP_NUM_THREADS=1, the kernel's default) all the arithmetic runs
// on this thread, so its CPU time measures the work and is disturbed far less than wall-clock time
// by other processes on a shared machine. With more threads, wall-clock time is the honest measure.
String omp = System.getenv("OMP_NUM_THREADS");
var threads = java.lang.management.ManagementFactory.getThreadMXBean();
boolean cpuClock = (omp == null || omp.equals("1")) && threads.isCurrentThreadCpuTimeSupported();
long clock() { return cpuClock ? threads.getCurrentThreadCpuTime() : System.nanoTime(); }
System.out.println("clock: " + (cpuClock ? "CPU time of the notebook's thread" : "wall-clock time"));

// The fastest of at least REPS runs (more, up to 7, while they take under 1.5 s in all): the
// minimum is the run least disturbed by other processes.
double fastestMillis(Runnable r) {
    r.run();                                   // warm-up (JIT, allocation)
    double best = Double.MAX_VALUE, spent = 0;
    for (int i = 0; i < 7 && (i < REPS || spent < 1500); i++) {
        long t0 = clock();
        r.run();
        double ms = (clock() - t0) / 1e6;
        best = Math.min(best, ms);
        spent += ms;
    }
    return best;
}

Random rnd = new Random(5);
int[][] randomIds(int b, int n) {
    int[][] ids = new int[b][n];
    for (int[] row : ids) for (int j = 0; j < n; j++) row[j] = 4 + rnd.nextInt(36);
    return ids;
}

GreedyDecoder cached = new GreedyDecoder(Vocabulary.BOS, Vocabulary.END, true);
GreedyDecoder uncached = new GreedyDecoder(Vocabulary.BOS, Vocabulary.END, false);
// Warm up every code path before anything is timed: the JVM compiles hot Java code to machine
// code only after thousands of calls, and until then the first measurements would be slower.
for (int rep = 0; rep < 3; rep++) {
    for (int n : new int[] {8, 16}) {
        int[][] s0 = randomIds(BATCH, n), t0 = randomIds(BATCH, n);
        int[] c0 = new int[BATCH];
        Arrays.fill(c0, n);
        INDArray m0 = tm.encode(s0, null);
        for (int i = 0; i < 20; i++) { tm.encode(s0, null); tm.decode(t0, m0, null, null); }
        cached.decode(tm, s0, null, c0);
        uncached.decode(tm, s0, null, c0);
    }
}
String timingLine = display("timing...");
double[] encMs = new double[lengths.length], decMs = new double[lengths.length],
         cacheMs = new double[lengths.length], noCacheMs = new double[lengths.length];
for (int i = 0; i < lengths.length; i++) {
    int n = lengths[i];
    int[][] src = randomIds(BATCH, n), tgt = randomIds(BATCH, n);
    int[] caps = new int[BATCH];
    Arrays.fill(caps, n);
    INDArray memory = tm.encode(src, null);
    encMs[i] = fastestMillis(() -> tm.encode(src, null));
    decMs[i] = fastestMillis(() -> tm.decode(tgt, memory, null, null));
    int[][] check = cached.decode(tm, src, null, caps);
    if (check[0].length != n) throw new IllegalStateException("decoding stopped early: " + check[0].length);
    cacheMs[i] = fastestMillis(() -> cached.decode(tm, src, null, caps));
    noCacheMs[i] = fastestMillis(() -> uncached.decode(tm, src, null, caps));
    updateDisplay(timingLine, "timed n = " + n);
}
updateDisplay(timingLine, "timed n = " + Arrays.toString(lengths) + ", batch " + BATCH + ", fastest of " + REPS + " to 7 runs");
double[] ns = Arrays.stream(lengths).asDoubleStream().toArray();
Map<String, double[]> timing = new LinkedHashMap<>();
timing.put("encoder forward", encMs);
timing.put("decoder forward, teacher-forced", decMs);
timing.put("greedy decoding, KV cache", cacheMs);
timing.put("greedy decoding, no cache", noCacheMs);
XYChart timeChart = MetricCharts.line("Time against sequence length (batch " + BATCH + ")", "sequence length n", "milliseconds", ns, timing);
timeChart.getStyler().setYAxisLogarithmic(true);
timeChart.getStyler().setXAxisLogarithmic(true);
timeChart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
timeChart
""")

code(r"""
List<Map<String, Object>> timingRows = new ArrayList<>();
for (int i = 0; i < lengths.length; i++) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("n", lengths[i]);
    for (var e : timing.entrySet()) row.put(e.getKey() + " (ms)", e.getValue()[i]);
    row.put("no cache / cache", noCacheMs[i] / cacheMs[i]);
    timingRows.add(row);
}
Tables.results("Milliseconds, fastest of " + REPS + " to 7 runs", timingRows)
""")

code(r"""
// Conclusions from the timings: growth factor from the shortest to the longest length, and the
// exponent of a power law t ~ n^p fitted through the two ends.
int last = lengths.length - 1;
double lengthFactor = (double) lengths[last] / lengths[0];
for (var e : timing.entrySet()) {
    double[] v = e.getValue();
    double growth = v[last] / v[0];
    System.out.printf("%-33s n x%.0f -> time x%.1f (about n^%.2f)%n", e.getKey() + ":", lengthFactor, growth,
            Math.log(growth) / Math.log(lengthFactor));
}
double onePass = decMs[last], stepwise = cacheMs[last];
System.out.printf("At n = %d, producing the target step by step with the cache takes %.1fx the time of one teacher-forced "
        + "decoder pass over the same length%s%n", lengths[last], stepwise / onePass,
        stepwise > onePass ? ": training sees all positions at once, inference cannot." : " (no sequential penalty measured here).");
double speedup = noCacheMs[last] / cacheMs[last];
double firstSpeedup = noCacheMs[0] / cacheMs[0];
if (speedup > 1.2) {
    System.out.printf("The KV cache makes decoding %.1fx faster at n = %d; at n = %d it was %.1fx, so its advantage %s with n.%n",
            speedup, lengths[last], lengths[0], firstSpeedup, speedup > firstSpeedup * 1.1 ? "grows" : "did not grow here");
} else {
    System.out.printf("The KV cache gave no clear speed-up in this run (%.1fx at n = %d; %.1fx at n = %d).%n",
            speedup, lengths[last], firstSpeedup, lengths[0]);
}
// Work never shrinks as n grows, so a clear drop (over 25 %) from one length to the next is disturbance.
boolean disturbed = false;
for (double[] v : timing.values()) for (int i = 1; i < v.length; i++) if (v[i] < 0.75 * v[i - 1]) disturbed = true;
if (disturbed) {
    System.out.println("Caution: some times fall clearly as n grows, which the computation itself cannot do: other "
            + "processes disturbed these measurements, so read the smaller lengths with care and rerun this section on a "
            + "quieter machine.");
}
System.out.println(String.format("Whole notebook: %.0f s (%s setting).", (System.nanoTime() - notebookStart) / 1e9, QUICK ? "quick" : "default"));
""")

md(r"""
## What to take away

- Teacher forcing trains every position in parallel from a gold history; inference conditions on
  its own history. The measured gap between the two scores of one model, and its growth along the
  output, is exposure bias.
- Scheduled sampling is a cheap knob (one extra forward pass per step) that moves training towards
  inference; whether it helps depends on task, model and budget, so measure it as above rather
  than assume it.
- The Transformer's parallelism is a *training* (and encoding) property. Generation remains
  sequential; the KV cache turns the quadratic re-computation of the prefix into one new position a
  step, which is why every serious decoder keeps one.

Try: longer strings (`withLengths(8, 16)`), fewer steps (a weaker model), or a floor
$\epsilon_\min = 0$ for scheduled sampling.
""")

nb.write("04-training-vs-inference.ipynb")
