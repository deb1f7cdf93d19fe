"""Generates notebooks/02-layernorm-vs-batchnorm.ipynb (without outputs). Run from anywhere:
/usr/bin/python3 notebooks/src/make_02.py"""
from nbtools import Builder, JARS, IMPORTS, GREEDY, FIT

nb = Builder()
nb.md(r"""
# 02 · LayerNorm versus BatchNorm

**The question.** The Transformer normalises with *layer* normalisation, where most convolutional
networks use *batch* normalisation. What is the difference, and what goes wrong with BatchNorm in a
sequence model? And where should the norm sit: after the residual sum (the paper's "post-LN") or
before the sublayer ("pre-LN"), with and without learning-rate warm-up?

Plan: the axes each one normalises, on a tiny tensor; the same model trained with each; BatchNorm's
sensitivity to batch size, padding and the train/eval switch, measured; post-LN against pre-LN with
and without warm-up; a table of every run. `ATTENTION_LAB_QUICK=1` shrinks the runs; every
conclusion is computed from the numbers of this run.
""")
nb.code(JARS)
nb.code(IMPORTS)

nb.md(r"""
## 1. Which axes?

Activations are $x \in \mathbb{R}^{B \times T \times d}$ (batch, time, features). Both norms compute
$y = \gamma \odot \frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}} + \beta$ with learnt $\gamma, \beta \in \mathbb{R}^d$;
they differ in *which* numbers $\mu$ and $\sigma^2$ average:

$$\text{LayerNorm:}\quad \mu_{b,t} = \frac{1}{d}\sum_{f=1}^{d} x_{b,t,f}, \qquad
\sigma^2_{b,t} = \frac{1}{d}\sum_{f}(x_{b,t,f} - \mu_{b,t})^2$$

$$\text{BatchNorm:}\quad \mu_{f} = \frac{1}{BT}\sum_{b,t} x_{b,t,f}, \qquad
\sigma^2_{f} = \frac{1}{BT}\sum_{b,t}(x_{b,t,f} - \mu_{f})^2$$

LayerNorm normalises each position on its own; BatchNorm normalises each feature across every
position of every sentence in the batch, so one sentence's output depends on the *other* sentences.
At evaluation BatchNorm uses running averages of $\mu_f, \sigma^2_f$ collected in training
(momentum 0.1, as PyTorch). A tensor with $B=2$, $T=3$, $d=4$:
""")
nb.code(r"""
Init init = new Init(0, DataType.DOUBLE);
INDArray x = init.normal(1.0, 2, 3, 4).mul(3).add(1);               // [B=2, T=3, d=4], mean 1, std 3
LayerNorm ln = new LayerNorm(4, 1e-5, init);
BatchNorm bn = new BatchNorm(4, 1e-5, 0.1, false, init);
bn.train(true);                                                      // batch statistics
INDArray yLn = ln.forward(x, null).dup(), yBn = bn.forward(x, null).dup();
System.out.println("LayerNorm: mean over the features of each position [B, T]:\n" + yLn.mean(2));
System.out.println("LayerNorm: std over the features of each position [B, T]:\n" + yLn.std(false, 2));
System.out.println("BatchNorm: mean over batch and time of each feature [d]:\n" + yBn.mean(0, 1));
System.out.println("BatchNorm: std over batch and time of each feature [d]:\n" + yBn.std(false, 0, 1));
""")
nb.code(r"""
// Change sentence 1 only, and look at sentence 0's outputs.
INDArray x2 = x.dup();
x2.get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.all()).muli(5).addi(10);
INDArray yLn2 = ln.forward(x2, null).dup(), yBn2 = bn.forward(x2, null).dup();
double lnMoves = Transforms.abs(yLn2.get(NDArrayIndex.point(0)).sub(yLn.get(NDArrayIndex.point(0)))).maxNumber().doubleValue();
double bnMoves = Transforms.abs(yBn2.get(NDArrayIndex.point(0)).sub(yBn.get(NDArrayIndex.point(0)))).maxNumber().doubleValue();
Table axes = Table.create("what each norm averages over",
        StringColumn.create("norm", "LayerNorm", "BatchNorm"),
        StringColumn.create("statistics over", "the d features of one position", "all B*T positions, per feature"),
        DoubleColumn.create("max |mean| of output", new double[] {
                Transforms.abs(yLn.mean(2)).maxNumber().doubleValue(), Transforms.abs(yBn.mean(0, 1)).maxNumber().doubleValue()}),
        DoubleColumn.create("change of sentence 0 when sentence 1 changes", new double[] {lnMoves, bnMoves}));
axes
""")
nb.code(r"""
System.out.println(String.format("Changing sentence 1 moved sentence 0's LayerNorm output by at most %.1e and its BatchNorm "
        + "output by up to %.2f: %s", lnMoves, bnMoves, bnMoves > 1e-3 && lnMoves < 1e-9
        ? "with BatchNorm a sentence's result depends on its batch-mates; with LayerNorm it does not."
        : "this tensor does NOT show the expected difference."));
""")

nb.md(r"""
## 2. The same model, trained with each

An encoder-decoder Transformer ($d_{model}=32$, 2 heads, 2 layers each side, no dropout) on the
*reverse* task (strings of 4 to 8 symbols), post-LN as in the paper, with the paper's schedule
$\text{lr} = c \cdot d_{model}^{-0.5}\min(s^{-0.5}, s \cdot w^{-1.5})$: linear warm-up over $w$ steps,
then decay as $s^{-0.5}$. Only the norm changes between the two runs (`normType`). BatchNorm leaves
padded positions out of its statistics (`batchNormExcludePadding`, the default); §3 measures what
happens otherwise.
""")
nb.code(GREEDY)
nb.code(FIT)
nb.code(r"""
int EXAMPLES = QUICK ? 1500 : 4000, STEPS = QUICK ? 40 : 400, WARMUP = QUICK ? 10 : 60, BATCH = 64;
double PEAK_LR = 5e-3;   // the warm-up schedule's peak; runs without warm-up use it as a constant rate
Task task = Tasks.forName("reverse", TaskOptions.defaults().withExamples(EXAMPLES).withLengths(4, 8).withSeed(1));
List<EncodedPair> trainPairs = task.encode(task.train()), validPairs = task.encode(task.valid());

TransformerConfig modelConfig(NormType type, NormPlacement place, boolean excludePadding) {
    return TransformerConfig.builder().dModel(32).heads(2).dFf(64).layers(2)
            .srcVocab(task.sourceVocabulary().size()).tgtVocab(task.targetVocabulary().size())
            .maxLen(64).dropout(0.0).normType(type).norm(place).batchNormExcludePadding(excludePadding).build();
}

record Run(String name, NormType type, NormPlacement place, boolean warmup, Transformer model, Fit fit,
           double tokenAcc, double seqAcc) {}
List<Run> runs = new ArrayList<>();

Run train(String name, NormType type, NormPlacement place, boolean warmup) throws Exception {
    Transformer model = new Transformer(modelConfig(type, place, true), 1);
    // Noam's factor c chosen so that the peak, reached at step WARMUP, is PEAK_LR.
    double factor = PEAK_LR * Math.sqrt(32.0 * WARMUP);
    TrainingConfig tc = TrainingConfig.builder().steps(STEPS).batchSize(BATCH).labelSmoothing(0.0).seed(1)
            .warmup(warmup ? WARMUP : 0).learningRate(warmup ? factor : PEAK_LR)
            .evalEvery(Math.max(1, STEPS / 5)).build();
    Fit fit;
    try {
        fit = fitLive(name, new Trainer(model, tc), trainPairs, validPairs);
    } catch (TrainingDivergedException e) {
        System.out.println(name + " DIVERGED: " + e.getMessage());
        fit = new Fit(new History(name), Double.NaN, null);
    }
    double[] acc = fit.valid() == null ? new double[] {0, 0} : greedyAccuracy(model, task, task.test());
    System.out.printf("%s: greedy token accuracy %.1f%%, whole strings %.1f%%%n", name, 100 * acc[0], 100 * acc[1]);
    Run run = new Run(name, type, place, warmup, model, fit, acc[0], acc[1]);
    runs.add(run);
    return run;
}
""")
nb.code(r"""
Run lnRun = train("LayerNorm, post-LN, warm-up", NormType.LAYER, NormPlacement.POST, true);
""")
nb.code(r"""
Run bnRun = train("BatchNorm, post-LN, warm-up", NormType.BATCH, NormPlacement.POST, true);
""")
nb.code(r"""
LossCurves.chart(List.of(lnRun.fit().history(), bnRun.fit().history()), CurveOptions.defaults().withSmoothing(0.8))
""")

nb.md(r"""
## 3. BatchNorm's three sensitivities, measured

On the two trained models, teacher-forced loss on held-out strings (cross-entropy per target token,
no label smoothing) under three changes that should not matter to a sequence model:

1. **Batch size.** With batch statistics, a sentence's output depends on the batch it sits in; with
   one sentence per batch the statistics come from a handful of positions.
2. **Padding.** Extra padded columns that carry no information; if they enter the statistics, the
   real tokens' normalisation shifts. We copy the trained BatchNorm weights into a model that counts
   padding in its statistics (`batchNormExcludePadding(false)`) and compare.
3. **The train/eval switch.** In evaluation mode BatchNorm swaps the batch's statistics for running
   averages gathered during training, which lag behind the weights as they change.
4. **Causality.** The decoder's causal mask stops position $i$ from *attending* to later positions,
   but batch statistics average over every time step, later ones included. We change only the last
   decoder input token of each sentence and measure how far the outputs at *earlier* positions move:
   any change is information from the future that the model could learn to use in training and
   will not have when it decodes.

Measurements in "batch statistics" mode restore BatchNorm's running statistics afterwards, so they
leave the models as trained.
""")
nb.code(r"""
List<EncodedPair> probe = task.encode(task.test().subList(0, Math.min(task.test().size(), QUICK ? 64 : 128)));
LabelSmoothedCrossEntropy xent = new LabelSmoothedCrossEntropy(0, Vocabulary.PAD);

/** A batch with `extra` more padded columns on the source and target sides. */
Batch padded(Batch b, int extra) {
    int n = b.size();
    int[][] src = new int[n][], tin = new int[n][], tout = new int[n][];
    float[][] sm = new float[n][], tm = new float[n][];
    for (int i = 0; i < n; i++) {
        src[i] = Arrays.copyOf(b.src()[i], b.srcLength() + extra);
        tin[i] = Arrays.copyOf(b.tgtIn()[i], b.tgtLength() + extra);
        tout[i] = Arrays.copyOf(b.tgtOut()[i], b.tgtLength() + extra);
        sm[i] = Arrays.copyOf(b.srcMask()[i], b.srcLength() + extra);
        tm[i] = Arrays.copyOf(b.tgtMask()[i], b.tgtLength() + extra);
    }
    return new Batch(b.indices(), src, tin, tout, sm, tm);   // PAD = 0 and mask 0 in the new columns
}

/** Teacher-forced loss per token on `pairs` in batches of `batchSize`, with batch or running statistics. */
double probeLoss(Transformer m, List<EncodedPair> pairs, int batchSize, boolean batchStats, int extraPadding) {
    Map<String, INDArray> saved = new LinkedHashMap<>();
    m.namedBuffers().forEach((k, v) -> saved.put(k, v.dup()));
    m.train(batchStats);
    double sum = 0;
    long tokens = 0;
    for (Batch b0 : Batcher.inOrder(pairs, batchSize)) {
        Batch b = padded(b0, extraPadding);
        INDArray logits = m.forward(b.src(), b.tgtIn(), b.srcKeyPadding(), b.tgtKeyPadding());
        double loss = xent.forward(logits, b.tgtOut());
        sum += loss * xent.lastTokenCount();
        tokens += xent.lastTokenCount();
    }
    m.namedBuffers().forEach((k, v) -> v.assign(saved.get(k)));   // undo running-statistics updates
    m.train(false);
    return sum / tokens;
}
""")
nb.code(r"""
int[] batchSizes = {1, 4, 16, 64};
double[] bnBatchStats = new double[batchSizes.length], lnLoss = new double[batchSizes.length];
double[] bnRunning = new double[batchSizes.length];
for (int i = 0; i < batchSizes.length; i++) {
    bnBatchStats[i] = probeLoss(bnRun.model(), probe, batchSizes[i], true, 0);
    bnRunning[i] = probeLoss(bnRun.model(), probe, batchSizes[i], false, 0);
    lnLoss[i] = probeLoss(lnRun.model(), probe, batchSizes[i], false, 0);
}
Table bySize = Table.create("held-out loss against evaluation batch size",
        IntColumn.create("batch size", batchSizes),
        DoubleColumn.create("BatchNorm, batch statistics (train mode)", bnBatchStats),
        DoubleColumn.create("BatchNorm, running statistics (eval mode)", bnRunning),
        DoubleColumn.create("LayerNorm", lnLoss));
bySize
""")
nb.code(r"""
// The same trained weights in a model whose BatchNorm counts padded positions in its statistics.
Transformer bnWithPad = new Transformer(modelConfig(NormType.BATCH, NormPlacement.POST, false), 1);
Map<String, Parameter> from = bnRun.model().namedParameters();
bnWithPad.namedParameters().forEach((k, p) -> p.value().assign(from.get(k).value()));
bnWithPad.namedBuffers().forEach((k, v) -> v.assign(bnRun.model().namedBuffers().get(k)));

int[] extras = {0, 4, 8, 16};
double[] padExcl = new double[extras.length], padIncl = new double[extras.length], padLn = new double[extras.length];
for (int i = 0; i < extras.length; i++) {
    padExcl[i] = probeLoss(bnRun.model(), probe, 64, true, extras[i]);
    padIncl[i] = probeLoss(bnWithPad, probe, 64, true, extras[i]);
    padLn[i] = probeLoss(lnRun.model(), probe, 64, true, extras[i]);
}
Table byPadding = Table.create("held-out loss against extra padded columns (batch 64, train mode)",
        IntColumn.create("extra padding", extras),
        DoubleColumn.create("BatchNorm, padding excluded", padExcl),
        DoubleColumn.create("BatchNorm, padding counted", padIncl),
        DoubleColumn.create("LayerNorm", padLn));
byPadding
""")
nb.code(r"""
/** Largest change of the logits at positions before each sentence's last decoder input when only that last input changes. */
double futureLeak(Transformer m, boolean batchStats) {
    Batch b = Batcher.inOrder(probe.subList(0, 16), 16).get(0);
    Map<String, INDArray> saved = new LinkedHashMap<>();
    m.namedBuffers().forEach((k, v) -> saved.put(k, v.dup()));
    m.train(batchStats);
    INDArray before = m.forward(b.src(), b.tgtIn(), b.srcKeyPadding(), b.tgtKeyPadding()).dup();   // [B, T, V]
    int vocab = task.targetVocabulary().size();
    int[][] changed = new int[b.size()][];
    int[] last = new int[b.size()];
    for (int i = 0; i < b.size(); i++) {
        changed[i] = b.tgtIn()[i].clone();
        for (int t = 0; t < changed[i].length; t++) if (b.tgtMask()[i][t] != 0) last[i] = t;
        int old = changed[i][last[i]];
        changed[i][last[i]] = 4 + (old - 4 + 1) % (vocab - 4);   // another ordinary symbol (ids 0-3 are specials)
    }
    INDArray after = m.forward(b.src(), changed, b.srcKeyPadding(), b.tgtKeyPadding()).dup();
    m.namedBuffers().forEach((k, v) -> v.assign(saved.get(k)));
    m.train(false);
    double leak = 0;
    for (int i = 0; i < b.size(); i++) {
        if (last[i] == 0) continue;
        var span = NDArrayIndex.interval(0, last[i]);
        leak = Math.max(leak, Transforms.abs(before.get(NDArrayIndex.point(i), span, NDArrayIndex.all())
                .sub(after.get(NDArrayIndex.point(i), span, NDArrayIndex.all()))).maxNumber().doubleValue());
    }
    return leak;
}
double leakBnTrain = futureLeak(bnRun.model(), true), leakBnEval = futureLeak(bnRun.model(), false);
double leakLnTrain = futureLeak(lnRun.model(), true), leakLnEval = futureLeak(lnRun.model(), false);
Table leaks = Table.create("change of earlier positions' logits when only the last decoder input changes",
        StringColumn.create("model", "BatchNorm", "LayerNorm"),
        DoubleColumn.create("train mode (batch statistics)", new double[] {leakBnTrain, leakLnTrain}),
        DoubleColumn.create("eval mode (running statistics)", new double[] {leakBnEval, leakLnEval}));
leaks
""")
nb.code(r"""
Map<String, double[]> sens = new LinkedHashMap<>();
sens.put("BatchNorm, batch statistics", bnBatchStats);
sens.put("BatchNorm, running statistics", bnRunning);
sens.put("LayerNorm", lnLoss);
double[] sizeAxis = Arrays.stream(batchSizes).asDoubleStream().toArray();
XYChart sizeChart = MetricCharts.line("Loss against evaluation batch size", "batch size", "held-out loss", sizeAxis, sens);
sizeChart.getStyler().setXAxisLogarithmic(true);
display(sizeChart);
Map<String, double[]> padSeries = new LinkedHashMap<>();
padSeries.put("BatchNorm, padding excluded", padExcl);
padSeries.put("BatchNorm, padding counted", padIncl);
padSeries.put("LayerNorm", padLn);
MetricCharts.line("Loss against extra padding (train mode)", "extra padded columns", "held-out loss",
        Arrays.stream(extras).asDoubleStream().toArray(), padSeries)
""")

nb.md(r"""
## 4. Post-LN against pre-LN, with and without warm-up

$$\text{post-LN (the paper):}\quad x \leftarrow \mathrm{LN}(x + \mathrm{Sublayer}(x)) \qquad\qquad
\text{pre-LN:}\quad x \leftarrow x + \mathrm{Sublayer}(\mathrm{LN}(x))$$

In post-LN every residual path passes through a norm, and gradients near the output are large at
initialisation, which is why the paper warms the learning rate up; pre-LN keeps an identity path
from input to output and is reported to train without warm-up (Xiong et al. 2020). Four LayerNorm
runs: each placement with the warm-up schedule of §2, and without warm-up at a constant rate equal
to that schedule's peak (so "no warm-up" also means no decay).
""")
nb.code(r"""
Run postNoWarm = train("LayerNorm, post-LN, no warm-up", NormType.LAYER, NormPlacement.POST, false);
""")
nb.code(r"""
Run preWarm = train("LayerNorm, pre-LN, warm-up", NormType.LAYER, NormPlacement.PRE, true);
""")
nb.code(r"""
Run preNoWarm = train("LayerNorm, pre-LN, no warm-up", NormType.LAYER, NormPlacement.PRE, false);
""")
nb.code(r"""
LossCurves.chart(List.of(lnRun.fit().history(), postNoWarm.fit().history(), preWarm.fit().history(),
        preNoWarm.fit().history()), CurveOptions.defaults().withSmoothing(0.8))
""")

nb.md(r"""
## 5. Every run
""")
nb.code(r"""
/** Mean training loss over the last tenth of a run's steps. */
double finalTrainLoss(Run r) {
    double[] l = r.fit().history().trainLoss();
    if (l.length == 0) return Double.NaN;
    int from = l.length - Math.max(1, l.length / 10);
    return Arrays.stream(l, from, l.length).average().getAsDouble();
}
double validLoss(Run r) {
    return r.fit().valid() == null ? Double.NaN : r.fit().valid().loss();
}
/** Rounded to 3 decimals, for tables. */
double r3(double v) { return Math.round(v * 1000) / 1000.0; }
List<Map<String, Object>> rows = new ArrayList<>();
for (Run r : runs) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("run", r.name());
    row.put("norm", r.type().configName());
    row.put("placement", r.place().configName());
    row.put("warm-up", r.warmup() ? WARMUP + " steps" : "none");
    row.put("steps", r.fit().history().size());
    row.put("seconds", Math.round(r.fit().seconds()));
    row.put("final train loss", r3(finalTrainLoss(r)));
    row.put("valid loss", r3(validLoss(r)));
    row.put("greedy token acc", r3(r.tokenAcc()));
    row.put("greedy string acc", r3(r.seqAcc()));
    rows.add(row);
}
Tables.results("02 runs", rows)
""")

nb.md(r"""
## Conclusion

Each sentence below is computed from this run's numbers.
""")
nb.code(r"""
List<String> said = new ArrayList<>();
// LayerNorm against BatchNorm.
double lnV = validLoss(lnRun), bnV = validLoss(bnRun);
if (lnV < bnV - 0.05) said.add(String.format("With the same model and schedule, LayerNorm reached a lower held-out loss "
        + "than BatchNorm (%.3f against %.3f) and %.1f%% against %.1f%% of strings right.", lnV, bnV, 100 * lnRun.seqAcc(), 100 * bnRun.seqAcc()));
else if (bnV < lnV - 0.05) said.add(String.format("In this run BatchNorm did BETTER than LayerNorm on held-out loss "
        + "(%.3f against %.3f; strings right %.1f%% against %.1f%%): the expected advantage of LayerNorm is not seen here.",
        bnV, lnV, 100 * bnRun.seqAcc(), 100 * lnRun.seqAcc()));
else said.add(String.format("LayerNorm and BatchNorm ended within 0.05 of each other in held-out loss (%.3f and %.3f): "
        + "on this small task the choice barely changed the final loss.", lnV, bnV));
// Batch size.
double lnSpread = Arrays.stream(lnLoss).max().getAsDouble() - Arrays.stream(lnLoss).min().getAsDouble();
said.add(String.format("Evaluated with batch statistics, BatchNorm's loss was %.3f with one sentence per batch and %.3f "
        + "with 64 (running statistics: %.3f); LayerNorm's loss varied by %.1e across batch sizes, i.e. %s.",
        bnBatchStats[0], bnBatchStats[batchSizes.length - 1], bnRunning[0], lnSpread,
        lnSpread < 1e-4 ? "not at all" : "a little (float rounding of different batch shapes)"));
// Padding.
int lastPad = extras.length - 1;
double inclShift = padIncl[lastPad] - padIncl[0], exclShift = padExcl[lastPad] - padExcl[0];
said.add(String.format("%d extra padded columns moved the loss of the BatchNorm that counts padding by %+.3f, of the one "
        + "that excludes it by %+.3f, and of LayerNorm by %+.1e%s.", extras[lastPad], inclShift, exclShift,
        padLn[lastPad] - padLn[0], Math.abs(inclShift) > 10 * Math.max(Math.abs(exclShift), 1e-4)
        ? ": padding leaks into BatchNorm's statistics unless it is masked out"
        : ": in this run counting padding did NOT change BatchNorm's loss noticeably more than excluding it"));
// Causality.
said.add(String.format("Changing only the last decoder input moved the logits of earlier positions by up to %.2f in the "
        + "BatchNorm model with batch statistics, %.1e with running statistics, and %.1e in the LayerNorm model: %s",
        leakBnTrain, leakBnEval, leakLnTrain, leakBnTrain > 1e-3 && leakLnTrain < 1e-4
        ? "batch statistics carry information from future tokens past the causal mask."
        : "this run does NOT show batch statistics leaking future tokens."));
if (finalTrainLoss(bnRun) < finalTrainLoss(lnRun) && validLoss(bnRun) > validLoss(lnRun))
    said.add(String.format("Consistent with that, BatchNorm's training loss (batch statistics) ended LOWER than LayerNorm's "
            + "(%.3f against %.3f) while its held-out loss was higher (%.3f against %.3f).", finalTrainLoss(bnRun),
            finalTrainLoss(lnRun), validLoss(bnRun), validLoss(lnRun)));
// Train/eval switch.
said.add(String.format("The train/eval switch changed BatchNorm's held-out loss from %.3f (batch statistics, batch 64) to "
        + "%.3f (running statistics); a LayerNorm model has no such switch.", bnBatchStats[batchSizes.length - 1], bnRunning[0]));
// Warm-up.
double postGap = validLoss(postNoWarm) - validLoss(lnRun), preGap = validLoss(preNoWarm) - validLoss(preWarm);
String warm = String.format("Dropping warm-up changed the held-out loss by %+.3f for post-LN and by %+.3f for pre-LN. ", postGap, preGap);
if (Double.isNaN(postGap) || Double.isNaN(preGap)) warm += "At least one run diverged (see the table).";
else if (postGap > 0.05 && postGap > preGap + 0.05) warm += "Post-LN depended on warm-up more than pre-LN did, as expected.";
else if (postGap <= 0.05 && preGap <= 0.05) warm += "Neither placement needed warm-up at this depth and rate: the expected "
        + "post-LN instability does NOT show in a 2-layer model here.";
else warm += "The expected pattern (post-LN needing warm-up more than pre-LN) is NOT what this run shows.";
said.add(warm);
said.forEach(System.out::println);
""")
nb.write("02-layernorm-vs-batchnorm.ipynb")
