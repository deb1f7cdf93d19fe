"""Generates notebooks/01-attention.ipynb (without outputs). Run from anywhere:
/usr/bin/python3 notebooks/src/make_01.py"""
from nbtools import Builder, JARS, IMPORTS, GREEDY, FIT

nb = Builder()
nb.md(r"""
# 01 · Attention

**The question.** What does scaled dot-product attention compute, why is it divided by
$\sqrt{d_k}$, and what do the attention weights of a trained Transformer look like?

This lesson writes attention out step by step and checks it against the library, measures why the
scores are scaled, draws the padding and causal masks, builds multi-head attention by hand, and
finally trains two small models, on *reverse* ("k3b9" → "9b3k") and on *copy*, to look at every
head of every layer.

Run it with the `java` kernel (`bin/attention-lab kernel install`) or headless with
`bin/attention-lab reports --only 01`. `ATTENTION_LAB_QUICK=1` runs a shrunken version (about a
minute) whose numbers are rough; the conclusions below are computed from whatever this run produced.
""")
nb.code(JARS)
nb.code(IMPORTS)

nb.md(r"""
## 1. Attention, step by step

Given queries $Q \in \mathbb{R}^{T_q \times d_k}$, keys $K \in \mathbb{R}^{T_k \times d_k}$ and values
$V \in \mathbb{R}^{T_k \times d_v}$, the paper's equation (1) is

$$\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\!\left(\frac{Q K^\top}{\sqrt{d_k}}\right) V .$$

Four steps: (1) score every query against every key, $S = QK^\top$; (2) divide by $\sqrt{d_k}$;
(3) turn each row into weights that are positive and sum to one,
$P_{ij} = e^{S_{ij}/\sqrt{d_k}} / \sum_{j'} e^{S_{ij'}/\sqrt{d_k}}$; (4) each output row is the
$P$-weighted average of the value rows, $O = PV$. Below, four positions with $d_k = 8$, in float64,
and the library's `ScaledDotProductAttention` on the same tensors (it works on
$[B, H, T, d_k]$ = batch, heads, time, features).
""")
nb.code(r"""
Init init = new Init(0, DataType.DOUBLE);
int T = 4, dk = 8;
INDArray Q = init.normal(1.0, T, dk), K = init.normal(1.0, T, dk), V = init.normal(1.0, T, dk);

INDArray S = Q.mmul(K.transpose());          // (1) scores [T, T]: S[i][j] = q_i . k_j
INDArray scaled = S.div(Math.sqrt(dk));      // (2) scaled by 1/sqrt(d_k)
INDArray P = Transforms.softmax(scaled);     // (3) softmax over each row (the keys)
INDArray O = P.mmul(V);                      // (4) weighted average of the values [T, d_k]

// The library, on the same tensors seen as [B=1, H=1, T, d_k]:
ScaledDotProductAttention sdpa = new ScaledDotProductAttention(null);
INDArray library = sdpa.forward(Q.reshape(1, 1, T, dk), K.reshape(1, 1, T, dk), V.reshape(1, 1, T, dk), null);
double stepDiff = Transforms.abs(library.reshape(T, dk).sub(O)).maxNumber().doubleValue();
double weightDiff = Transforms.abs(sdpa.weights().reshape(T, T).sub(P)).maxNumber().doubleValue();
System.out.printf("rows of P sum to %s%n", Arrays.toString(P.sum(1).toDoubleVector()));
System.out.printf("max |step by step - library|: output %.1e, weights %.1e -> %s%n", stepDiff, weightDiff,
        Math.max(stepDiff, weightDiff) < 1e-12 ? "the same computation" : "THEY DIFFER");
P
""")

nb.md(r"""
## 2. Why divide by $\sqrt{d_k}$?

If the components of $q$ and $k$ are independent with mean 0 and variance 1, then
$q \cdot k = \sum_{i=1}^{d_k} q_i k_i$ has mean 0 and variance $d_k$: the scores spread out as
$\sqrt{d_k}$ grows. A softmax of widely spread scores puts nearly all its weight on the largest
one (it *saturates*), and its Jacobian

$$\frac{\partial p_i}{\partial s_j} = p_i(\delta_{ij} - p_j)$$

then vanishes: a one-hot $p$ makes every entry zero, so almost no gradient reaches the queries and
keys. Dividing by $\sqrt{d_k}$ gives the scores variance 1 whatever $d_k$ is.

The experiment: for each $d_k$, random unit-variance queries against 16 random keys; we measure the
standard deviation of the scores, the average largest softmax weight, and the average Frobenius
norm of the softmax Jacobian, without and with the scaling.
""")
nb.code(r"""
int[] dims = {4, 8, 16, 32, 64, 128, 256, 512};
int trials = QUICK ? 200 : 2000, nKeys = 16;
Random rnd = new Random(7);
double[] dkAxis = new double[dims.length], scoreStd = new double[dims.length];
double[] maxRaw = new double[dims.length], maxScaled = new double[dims.length];
double[] jacRaw = new double[dims.length], jacScaled = new double[dims.length];

/** Softmax of s (stable); returns {largest weight, Frobenius norm of the Jacobian p_i(delta_ij - p_j)}. */
double[] softmaxStats(double[] s) {
    double m = Arrays.stream(s).max().getAsDouble(), z = 0;
    double[] p = new double[s.length];
    for (int j = 0; j < s.length; j++) { p[j] = Math.exp(s[j] - m); z += p[j]; }
    double largest = 0, jac = 0;
    for (int i = 0; i < s.length; i++) {
        p[i] /= z;
        largest = Math.max(largest, p[i]);
    }
    for (int i = 0; i < s.length; i++)
        for (int j = 0; j < s.length; j++) {
            double jij = p[i] * ((i == j ? 1 : 0) - p[j]);
            jac += jij * jij;
        }
    return new double[] {largest, Math.sqrt(jac)};
}

for (int n = 0; n < dims.length; n++) {
    int d = dims[n];
    double sumSq = 0;
    for (int t = 0; t < trials; t++) {
        double[] q = new double[d];
        for (int i = 0; i < d; i++) q[i] = rnd.nextGaussian();
        double[] raw = new double[nKeys], sc = new double[nKeys];
        for (int j = 0; j < nKeys; j++) {
            double dot = 0;
            for (int i = 0; i < d; i++) dot += q[i] * rnd.nextGaussian();
            raw[j] = dot;
            sc[j] = dot / Math.sqrt(d);
            sumSq += dot * dot;
        }
        double[] a = softmaxStats(raw), b = softmaxStats(sc);
        maxRaw[n] += a[0] / trials; jacRaw[n] += a[1] / trials;
        maxScaled[n] += b[0] / trials; jacScaled[n] += b[1] / trials;
    }
    dkAxis[n] = d;
    scoreStd[n] = Math.sqrt(sumSq / (trials * nKeys));
}
Table scaling = Table.create("softmax of 16 random scores, mean over " + trials + " queries",
        IntColumn.create("d_k", dims), DoubleColumn.create("std of q.k", scoreStd),
        DoubleColumn.create("largest weight, unscaled", maxRaw), DoubleColumn.create("largest weight, scaled", maxScaled),
        DoubleColumn.create("Jacobian norm, unscaled", jacRaw), DoubleColumn.create("Jacobian norm, scaled", jacScaled));
scaling
""")
nb.code(r"""
Map<String, double[]> largest = new LinkedHashMap<>();
largest.put("unscaled  softmax(QK^T)", maxRaw);
largest.put("scaled  softmax(QK^T / sqrt(d_k))", maxScaled);
XYChart saturation = MetricCharts.line("Saturation: mean largest of 16 weights", "d_k", "largest weight", dkAxis, largest);
saturation.getStyler().setXAxisLogarithmic(true);
display(saturation);
Map<String, double[]> jac = new LinkedHashMap<>();
jac.put("unscaled", jacRaw);
jac.put("scaled", jacScaled);
XYChart gradient = MetricCharts.line("Gradient size: mean norm of the softmax Jacobian", "d_k", "||dp/ds||_F", dkAxis, jac);
gradient.getStyler().setXAxisLogarithmic(true);
gradient
""")
nb.md(r"""
What the measurements say (computed from the table above):
""")
nb.code(r"""
int last = dims.length - 1;
double spreadScaled = Arrays.stream(maxScaled).max().getAsDouble() - Arrays.stream(maxScaled).min().getAsDouble();
System.out.printf("The scores' standard deviation grows from %.2f at d_k=%d to %.1f at d_k=%d (sqrt(d_k) predicts %.2f and %.1f).%n",
        scoreStd[0], dims[0], scoreStd[last], dims[last], Math.sqrt(dims[0]), Math.sqrt(dims[last]));
System.out.printf("Unscaled, the largest of %d weights averages %.3f at d_k=%d and %.3f at d_k=%d; scaled it stays between %.3f and %.3f.%n",
        nKeys, maxRaw[0], dims[0], maxRaw[last], dims[last],
        Arrays.stream(maxScaled).min().getAsDouble(), Arrays.stream(maxScaled).max().getAsDouble());
double ratio = jacScaled[last] / jacRaw[last];
if (maxRaw[last] > 0.8 && ratio > 3 && spreadScaled < 0.1) {
    System.out.printf("So without the scaling the softmax saturates as d_k grows: at d_k=%d its Jacobian is %.1f times "
            + "smaller (%.4f against %.4f), and gradients through it shrink accordingly; with the scaling both stay put.%n",
            dims[last], ratio, jacRaw[last], jacScaled[last]);
} else {
    System.out.printf("These numbers do NOT show the expected saturation clearly (largest unscaled weight %.3f, "
            + "Jacobian ratio %.1f, scaled spread %.3f).%n", maxRaw[last], ratio, spreadScaled);
}
""")

nb.md(r"""
## 3. Masks

A mask is an additive bias on the scores before the softmax: 0 where a query may look, a large
negative number ($-10^9$ in float32 here) where it may not, so $e^{\text{score}}$ is 0 there.

- **Padding mask.** Sentences in a batch have different lengths; the shorter ones are padded. No
  query may attend to a padding *key*: the bias is $-\infty$ in the padded columns.
- **Causal mask.** The decoder predicts position $i$ from positions $\le i$ only, so query $i$ may
  not see key $j > i$: the bias is $-\infty$ above the diagonal.

Six positions, the last two are padding. Rows are queries, columns keys.
""")
nb.code(r"""
int T2 = 6;
Init init2 = new Init(3, DataType.FLOAT);
INDArray q2 = init2.normal(1.0, 1, 1, T2, 8), k2 = init2.normal(1.0, 1, 1, T2, 8), v2 = init2.normal(1.0, 1, 1, T2, 8);
double hidden = ScaledDotProductAttention.maskValue(DataType.FLOAT);
INDArray padBias = Nd4j.zeros(DataType.FLOAT, 1, 1, 1, T2);      // [B,1,1,Tk]: one row for every query
padBias.putScalar(new long[] {0, 0, 0, 4}, hidden);
padBias.putScalar(new long[] {0, 0, 0, 5}, hidden);
INDArray causalBias = Nd4j.zeros(DataType.FLOAT, 1, 1, T2, T2);  // [1,1,Tq,Tk]: upper triangle hidden
for (int i = 0; i < T2; i++) for (int j = i + 1; j < T2; j++) causalBias.putScalar(new long[] {0, 0, i, j}, hidden);

List<String> toks = List.of("t0", "t1", "t2", "t3", "pad", "pad");
String[] maskNames = {"no mask", "padding mask", "causal mask", "padding + causal"};
INDArray[][] maskBiases = {{}, {padBias}, {causalBias}, {padBias, causalBias}};
boolean[][][] isHidden = new boolean[4][T2][T2];
List<Drawing> maskMaps = new ArrayList<>();
double worstLeak = 0, worstRowSum = 0;
for (int c = 0; c < 4; c++) {
    sdpa.forward(q2, k2, v2, null, maskBiases[c]);
    INDArray w = sdpa.weights().dup();  // [1,1,T,T]
    maskMaps.add(AttentionMaps.head(maskNames[c], w, 0, 0, toks, toks));
    for (int i = 0; i < T2; i++) {
        double rowSum = 0;
        for (int j = 0; j < T2; j++) {
            boolean h = (c == 1 || c == 3) && j >= 4 || (c == 2 || c == 3) && j > i;
            double wij = w.getDouble(0, 0, i, j);
            rowSum += wij;
            if (h) worstLeak = Math.max(worstLeak, wij);
        }
        worstRowSum = Math.max(worstRowSum, Math.abs(rowSum - 1));
    }
}
System.out.printf("largest weight on a hidden key: %.1e; rows still sum to 1 within %.1e%n", worstLeak, worstRowSum);
new org.attentionlab.viz.Stack(maskMaps)
""")
nb.md(r"""
The padded *queries* (the last two rows) still attend somewhere: their outputs are computed and
then ignored, because the loss and every later padding mask skip those positions.
""")

nb.md(r"""
## 4. Multi-head attention

One attention looks at the sequence one way. Multi-head attention runs $h$ of them side by side on
learnt projections of width $d_k = d_{model}/h$ and mixes the results:

$$\mathrm{head}_i = \mathrm{Attention}(XW_i^Q, XW_i^K, XW_i^V), \qquad
\mathrm{MultiHead}(X) = \mathrm{Concat}(\mathrm{head}_1,\dots,\mathrm{head}_h)\,W^O .$$

The library stores the three projections as one `in_proj_weight` $[3d, d]$ (PyTorch's layout; rows
$0..d$ are $W^Q$, $d..2d$ are $W^K$, $2d..3d$ are $W^V$), and head $i$ uses features
$i\,d_k .. (i+1)\,d_k$. Below, $d_{model}=16$ and $h=4$, by hand and by `MultiHeadAttention`.
""")
nb.code(r"""
int d = 16, heads = 4, dh = d / heads, T3 = 5;
TransformerConfig tiny = TransformerConfig.builder().dModel(d).heads(heads).dFf(32).layers(1).vocab(10)
        .maxLen(16).dropout(0.0).build();
MultiHeadAttention mha = new MultiHeadAttention(tiny, true, new Init(5, DataType.DOUBLE));
INDArray x = new Init(6, DataType.DOUBLE).normal(1.0, 1, T3, d);        // [B=1, T, d]
INDArray libOut = mha.forward(x, null, null, false).reshape(T3, d);

INDArray X = x.reshape(T3, d);
INDArray W = mha.inProjWeight().value(), bias = mha.inProjBias().value().reshape(1, 3 * d);
INDArray[] proj = new INDArray[3];                                     // Q, K, V: [T, d] each
for (int p = 0; p < 3; p++) {
    INDArray Wp = W.get(NDArrayIndex.interval(p * d, (p + 1) * d), NDArrayIndex.all());
    proj[p] = X.mmul(Wp.transpose()).addRowVector(bias.get(NDArrayIndex.all(), NDArrayIndex.interval(p * d, (p + 1) * d)));
}
INDArray concat = Nd4j.zeros(DataType.DOUBLE, T3, d);
for (int h = 0; h < heads; h++) {
    var cols = NDArrayIndex.interval(h * dh, (h + 1) * dh);
    INDArray qh = proj[0].get(NDArrayIndex.all(), cols), kh = proj[1].get(NDArrayIndex.all(), cols), vh = proj[2].get(NDArrayIndex.all(), cols);
    INDArray ph = Transforms.softmax(qh.mmul(kh.transpose()).div(Math.sqrt(dh)));   // [T, T]
    concat.get(NDArrayIndex.all(), cols).assign(ph.mmul(vh));                        // head h's slot
}
INDArray byHand = concat.mmul(mha.outProj().weight().value().transpose())
        .addRowVector(mha.outProj().bias().value().reshape(1, d));
double mhaDiff = Transforms.abs(byHand.sub(libOut)).maxNumber().doubleValue();
System.out.printf("max |by hand - MultiHeadAttention| = %.1e -> %s%n", mhaDiff, mhaDiff < 1e-10 ? "the same" : "THEY DIFFER");
List<String> five = List.of("x0", "x1", "x2", "x3", "x4");
AttentionMaps.grid("4 heads of an untrained layer (random projections)", List.of(mha.lastAttentionWeights()), 0, five, five)
""")

nb.md(r"""
## 5. What trained models attend to

Now a small encoder-decoder Transformer ($d_{model}=32$, 2 heads, 2 layers each side, no dropout)
trained on two character tasks with strings of 4 to 8 symbols:

- **reverse**: output position $i$ is input position $n-1-i$, so cross-attention should put its
  weight on an **anti-diagonal**;
- **copy**: output position $i$ is input position $i$: a **diagonal**.

We train each with Adam at a constant rate, then report greedy (free-running) accuracy on held-out
strings, draw every head of every layer for one test string, and measure the alignment: the mean
cross-attention weight that decoder position $i$ (which predicts output symbol $i$) puts on the
source position the task copies from. Uniform attention would give $1/n$.
""")
nb.code(GREEDY)
nb.code(FIT)
nb.code(r"""
int EXAMPLES = QUICK ? 1500 : 4000, MIN_LEN = 4, MAX_LEN = 8;
int STEPS_REVERSE = QUICK ? 60 : 700, STEPS_COPY = QUICK ? 40 : 400;

record Run(String name, Task task, Transformer model, Fit fit, double tokenAcc, double seqAcc) {}

Run trainOn(String taskName, int steps, long seed) throws Exception {
    Task task = Tasks.forName(taskName, TaskOptions.defaults().withExamples(EXAMPLES).withLengths(MIN_LEN, MAX_LEN).withSeed(seed));
    TransformerConfig cfg = TransformerConfig.builder().dModel(32).heads(2).dFf(64).layers(2)
            .srcVocab(task.sourceVocabulary().size()).tgtVocab(task.targetVocabulary().size())
            .maxLen(32).dropout(0.0).build();
    Transformer model = new Transformer(cfg, seed);
    TrainingConfig tc = TrainingConfig.builder().steps(steps).batchSize(64).learningRate(3e-3).warmup(0)
            .labelSmoothing(0.0).evalEvery(Math.max(1, steps / 5)).seed(seed).build();
    Fit fit = fitLive(taskName, new Trainer(model, tc), task.encode(task.train()), task.encode(task.valid()));
    double[] acc = greedyAccuracy(model, task, task.test());
    System.out.printf("%s: %d test strings, greedy token accuracy %.1f%%, whole strings right %.1f%%%n",
            taskName, task.test().size(), 100 * acc[0], 100 * acc[1]);
    return new Run(taskName, task, model, fit, acc[0], acc[1]);
}
""")
nb.code(r"""
Run reverse = trainOn("reverse", STEPS_REVERSE, 1);
""")
nb.md(r"""
Every head of every layer for the first test string. Rows are queries and columns keys; in the
decoder, the row labelled with the token it reads (`<bos>` first) predicts the next one.
""")
nb.code(r"""
/** Teacher-forced forward of examples in evaluation mode; attention weights per layer: {encoder self, decoder self, cross}. */
List<List<INDArray>> attentionOf(Run run, Batch b) {
    Transformer m = run.model();
    m.train(false);
    m.forward(b.src(), b.tgtIn(), b.srcKeyPadding(), b.tgtKeyPadding());
    List<INDArray> enc = new ArrayList<>(), self = new ArrayList<>(), cross = new ArrayList<>();
    for (EncoderLayer l : m.encoder().layers().items()) enc.add(l.selfAttention().lastAttentionWeights().dup());
    for (DecoderLayer l : m.decoder().layers().items()) {
        self.add(l.selfAttention().lastAttentionWeights().dup());
        cross.add(l.crossAttention().lastAttentionWeights().dup());
    }
    return List.of(enc, self, cross);
}

/** All heads and layers, for one example. */
Drawing mapsOf(Run run, Example ex) {
    EncodedPair pair = run.task().encode(ex);
    Batch b = Batcher.collate(List.of(pair), new int[] {0});
    List<List<INDArray>> w = attentionOf(run, b);
    List<String> src = Arrays.stream(b.src()[0]).mapToObj(id -> run.task().sourceVocabulary().token(id)).toList();
    List<String> tgt = Arrays.stream(b.tgtIn()[0]).mapToObj(id -> run.task().targetVocabulary().token(id)).toList();
    System.out.println(run.name() + ": \"" + ex.source() + "\" -> \"" + ex.target() + "\"");
    return AttentionMaps.example(w.get(0), w.get(1), w.get(2), 0, src, tgt);
}
mapsOf(reverse, reverse.task().test().get(0))
""")
nb.code(r"""
/**
 * Mean cross-attention weight, per [layer][head], that decoder position i puts on source position
 * n-1-i (reversed) or i (not), over the first examples; index [layers][0] holds the chance level 1/n.
 */
double[][] alignment(Run run, List<Example> examples, boolean reversed) {
    List<EncodedPair> pairs = run.task().encode(examples.subList(0, Math.min(examples.size(), 200)));
    Batch b = Batcher.inOrder(pairs, pairs.size()).get(0);
    List<INDArray> cross = attentionOf(run, b).get(2);
    int L = cross.size(), H = (int) cross.get(0).size(1);
    double[][] mass = new double[L + 1][H];
    long count = 0;
    for (int e = 0; e < b.size(); e++) {
        int n = pairs.get(b.indices()[e]).source().length;
        for (int i = 0; i < n; i++) {
            int j = reversed ? n - 1 - i : i;
            for (int l = 0; l < L; l++)
                for (int h = 0; h < H; h++) mass[l][h] += cross.get(l).getDouble(e, h, i, j);
            mass[L][0] += 1.0 / n;
            count++;
        }
    }
    for (double[] row : mass) for (int h = 0; h < row.length; h++) row[h] /= count;
    return mass;
}

/** The best-aligned head: {layer, head, mass, chance}. */
double[] bestHead(double[][] mass) {
    int L = mass.length - 1;
    double[] best = {0, 0, -1, mass[L][0]};
    for (int l = 0; l < L; l++)
        for (int h = 0; h < mass[l].length; h++)
            if (mass[l][h] > best[2]) best = new double[] {l, h, mass[l][h], mass[L][0]};
    return best;
}

double[][] reverseMass = alignment(reverse, reverse.task().test(), true);
for (int l = 0; l < reverseMass.length - 1; l++)
    System.out.printf("reverse, cross-attention layer %d: weight on the mirrored source position per head %s%n",
            l, Arrays.toString(Arrays.stream(reverseMass[l]).map(v -> Math.round(v * 1000) / 1000.0).toArray()));
System.out.println(String.format("uniform attention would give %.3f", reverseMass[reverseMass.length - 1][0]));
""")
nb.code(r"""
Run copy = trainOn("copy", STEPS_COPY, 2);
""")
nb.code(r"""
mapsOf(copy, copy.task().test().get(0))
""")
nb.code(r"""
double[][] copyMass = alignment(copy, copy.task().test(), false);
for (int l = 0; l < copyMass.length - 1; l++)
    System.out.printf("copy, cross-attention layer %d: weight on the same source position per head %s%n",
            l, Arrays.toString(Arrays.stream(copyMass[l]).map(v -> Math.round(v * 1000) / 1000.0).toArray()));
System.out.println(String.format("uniform attention would give %.3f", copyMass[copyMass.length - 1][0]));
""")

nb.md(r"""
## 6. Results

Loss curves of both runs (training loss every step, validation loss dashed) and one row per run.
""")
nb.code(r"""
LossCurves.chart(List.of(reverse.fit().history(), copy.fit().history()), CurveOptions.defaults().withSmoothing(0.8))
""")
nb.code(r"""
/** Rounded to 3 decimals, for tables. */
double r3(double v) { return Math.round(v * 1000) / 1000.0; }
List<Map<String, Object>> rows = new ArrayList<>();
double[] bestReverse = bestHead(reverseMass), bestCopy = bestHead(copyMass);
for (Object[] r : new Object[][] {{reverse, bestReverse, "anti-diagonal"}, {copy, bestCopy, "diagonal"}}) {
    Run run = (Run) r[0];
    double[] best = (double[]) r[1];
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("task", run.name());
    row.put("steps", run.fit().history().size());
    row.put("seconds", Math.round(run.fit().seconds()));
    row.put("valid loss", r3(run.fit().valid().loss()));
    row.put("greedy token acc", r3(run.tokenAcc()));
    row.put("greedy string acc", r3(run.seqAcc()));
    row.put("expected pattern", r[2]);
    row.put("best head", "layer " + (int) best[0] + ", head " + (int) best[1]);
    row.put("weight on expected position", r3(best[2]));
    row.put("uniform", r3(best[3]));
    rows.add(row);
}
Tables.results("01-attention runs", rows)
""")

nb.md(r"""
## Conclusion

The sentences below are computed from this run's numbers, not written in advance.
""")
nb.code(r"""
void conclude(Run run, double[] best, String pattern) {
    System.out.printf("%s: after %d steps the model gets %.1f%% of held-out strings entirely right (%.1f%% of tokens). ",
            run.name(), run.fit().history().size(), 100 * run.seqAcc(), 100 * run.tokenAcc());
    double lift = best[2] / best[3];
    if (best[2] > 0.5 && lift > 2) {
        System.out.printf("Its cross-attention draws the %s: head %d of decoder layer %d puts %.0f%% of its weight on "
                + "the source position the task copies from, %.1f times the uniform %.0f%%.%n",
                pattern, (int) best[1], (int) best[0], 100 * best[2], lift, 100 * best[3]);
    } else if (lift > 1.5) {
        System.out.printf("Its cross-attention leans towards the %s (best head %.0f%% against a uniform %.0f%%) but is "
                + "not sharp in this run.%n", pattern, 100 * best[2], 100 * best[3]);
    } else {
        System.out.printf("This run does NOT show the %s: the best head puts only %.0f%% on the expected position "
                + "(uniform: %.0f%%)%s.%n", pattern, 100 * best[2], 100 * best[3],
                QUICK ? "; the quick setting trains too briefly for it" : "");
    }
}
conclude(reverse, bestReverse, "anti-diagonal");
conclude(copy, bestCopy, "diagonal");
System.out.println(String.format("Scaling: at d_k=%d the unscaled softmax's largest weight is %.2f and its Jacobian "
        + "%.1f times smaller than the scaled one's, which is why the paper divides by sqrt(d_k).", dims[last], maxRaw[last],
        jacScaled[last] / jacRaw[last]));
""")
nb.write("01-attention.ipynb")
