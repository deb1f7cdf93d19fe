package org.attentionlab.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.attentionlab.data.Batch;
import org.attentionlab.data.Batcher;
import org.attentionlab.data.EncodedPair;
import org.attentionlab.data.FeatureBatch;
import org.attentionlab.data.FeatureBatcher;
import org.attentionlab.data.FeaturePair;
import org.attentionlab.data.PaddedBatch;
import org.attentionlab.data.Vocabulary;
import org.attentionlab.io.SafeTensors;
import org.attentionlab.nn.Checkpoint;
import org.attentionlab.nn.Init;
import org.attentionlab.nn.Module;
import org.attentionlab.nn.Parameter;
import org.attentionlab.nn.StepWorkspace;
import org.attentionlab.nn.Transformer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains a {@link Transformer} on encoded sentence pairs ({@link #fit}), or on feature-vector
 * sources such as speech frames ({@link #fitFeatures}), with Adam, label smoothing, optional
 * gradient clipping and accumulation, teacher forcing or scheduled sampling.
 *
 * <p>Everything random is derived from the configuration's seed and the step number: the batch
 * order of each epoch, the dropout masks of each step, the scheduled-sampling coin flips. A run
 * stopped after N steps, saved with {@link #save} and continued with {@link #resume}, therefore
 * takes exactly the steps the uninterrupted run would have taken.
 *
 * <p>Interrupting the training thread (the notebook's stop button) ends {@link #fit} after the
 * step in progress, leaving a consistent model.
 */
public final class Trainer {
    /** Metadata key of the optimiser step in a training checkpoint. */
    public static final String STEP_KEY = "train.step";
    private static final String OPTIMIZER_PREFIX = "optimizer.";

    private final Transformer model;
    private final TrainingConfig config;
    private final LabelSmoothedCrossEntropy loss;
    private final LabelSmoothedCrossEntropy plainLoss;
    private final Adam adam;
    private final LengthObjective lengthObjective; // null for a model without a length head
    private final List<TrainingListener> listeners = new ArrayList<>();
    private int cachedEpoch = -1;
    private IntFunction<List<? extends PaddedBatch>> epochBatches; // the training batches of each epoch
    private List<? extends PaddedBatch> cachedBatches;
    private double startNanos;

    public Trainer(Transformer model, TrainingConfig config) {
        if (model == null || config == null) {
            throw new IllegalArgumentException("trainer needs a model and a configuration");
        }
        this.model = model;
        this.config = config;
        this.loss = new LabelSmoothedCrossEntropy(config.labelSmoothing(), Vocabulary.PAD);
        this.plainLoss = new LabelSmoothedCrossEntropy(0, Vocabulary.PAD);
        this.lengthObjective = model.config().hasLengthHead() ? new LengthObjective() : null;
        // The paper's Adam: beta1 0.9, beta2 0.98, epsilon 1e-9.
        this.adam = new Adam(model.parameters(), config.schedule(model.config().dModel()), 0.9, 0.98, 1e-9, 0);
    }

    public Transformer model() {
        return model;
    }

    public TrainingConfig config() {
        return config;
    }

    /** Optimiser steps taken so far. */
    public long step() {
        return adam.stepCount();
    }

    public Trainer listen(TrainingListener listener) {
        listeners.add(listener);
        return this;
    }

    /** Stops telling {@code listener} about steps and evaluations. */
    public Trainer unlisten(TrainingListener listener) {
        listeners.remove(listener);
        return this;
    }

    /**
     * Trains until {@code config.steps()} optimiser steps are done, continuing from {@link #step()}.
     * Evaluates on {@code valid} every {@code evalEvery} steps and at the end, and writes a
     * checkpoint to {@code checkpoint} (if not null) every {@code checkpointEvery} steps and at the end.
     *
     * @return the final evaluation on {@code valid}, or null when it is empty
     */
    public Evaluation fit(List<EncodedPair> train, List<EncodedPair> valid, Path checkpoint) throws IOException {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training pairs");
        }
        return fitBatches(epoch -> Batcher.shuffled(train, config.batchSize(), Module.mix(config.seed(), epoch)),
                valid.isEmpty() ? List.of() : Batcher.inOrder(valid, config.batchSize()), checkpoint);
    }

    /**
     * {@link #fit} for a model whose source is feature vectors ({@code source_features} F &gt; 0):
     * every pair's frames must be F wide. Batches are bucketed by frame count; everything else
     * (schedule, smoothing, clipping, evaluation, checkpoints, resuming) is as for token pairs.
     */
    public Evaluation fitFeatures(List<FeaturePair> train, List<FeaturePair> valid, Path checkpoint)
            throws IOException {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training pairs");
        }
        int width = model.config().sourceFeatures();
        if (width == 0) {
            throw new IllegalArgumentException("fitFeatures needs a model that reads feature vectors; this one reads"
                    + " token ids (source_features = 0): use fit");
        }
        for (List<FeaturePair> split : List.of(train, valid)) {
            for (int i = 0; i < split.size(); i++) {
                if (split.get(i).featureDim() != width) {
                    throw new IllegalArgumentException((split == train ? "training" : "validation") + " pair " + i
                            + " has " + split.get(i).featureDim() + " features a frame but the model reads "
                            + width + " (source_features)");
                }
            }
        }
        return fitBatches(epoch -> FeatureBatcher.shuffled(train, config.batchSize(), Module.mix(config.seed(), epoch)),
                valid.isEmpty() ? List.of() : FeatureBatcher.inOrder(valid, config.batchSize()), checkpoint);
    }

    private Evaluation fitBatches(IntFunction<List<? extends PaddedBatch>> epochs,
                                  List<? extends PaddedBatch> validBatches, Path checkpoint) throws IOException {
        epochBatches = epochs;
        cachedBatches = null; // a second fit may bring other data
        startNanos = System.nanoTime();
        Evaluation last = null;
        long lastEvaluated = -1;
        while (step() < config.steps()) {
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            long s = step() + 1;
            List<PaddedBatch> micro = new ArrayList<>();
            for (int j = 0; j < config.accumulate(); j++) {
                micro.add(batchAt((s - 1) * config.accumulate() + j));
            }
            trainStep(micro);
            if (config.evalEvery() > 0 && s % config.evalEvery() == 0 && !validBatches.isEmpty()) {
                last = evaluateAndReport(validBatches);
                lastEvaluated = s;
            }
            if (checkpoint != null && config.checkpointEvery() > 0 && s % config.checkpointEvery() == 0) {
                save(checkpoint);
            }
        }
        if (!validBatches.isEmpty() && lastEvaluated != step()) {
            last = evaluateAndReport(validBatches);
        }
        releaseMemory();
        if (checkpoint != null) {
            // An interrupt that ended the loop must not also abort the save: NIO channels throw
            // ClosedByInterruptException while the flag is set. Clear it, save, then set it again.
            boolean interrupted = Thread.interrupted();
            try {
                save(checkpoint);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return last;
    }

    /** The batch with global index {@code g}: epoch g / n of a per-epoch shuffle seeded by (seed, epoch). */
    private PaddedBatch batchAt(long g) {
        if (cachedBatches == null) {
            cachedBatches = epochBatches.apply(0);
            cachedEpoch = 0;
        }
        int n = cachedBatches.size();
        int epoch = (int) (g / n);
        if (epoch != cachedEpoch) {
            cachedBatches = epochBatches.apply(epoch);
            cachedEpoch = epoch;
        }
        return cachedBatches.get((int) (g % n));
    }

    /** One optimiser step over one or more batches whose gradients are summed; returns the mean loss. */
    public double trainStep(List<? extends PaddedBatch> batches) {
        // Every temporary of the step lives in a workspace reused step after step: resident memory
        // stays flat and allocation is cheap (see StepWorkspace). Parameters, gradients, Adam's
        // moments and the loss's buffer are allocated outside it.
        try (StepWorkspace.Scope ignored = StepWorkspace.open(StepWorkspace.TRAIN)) {
            return trainStepInWorkspace(batches);
        }
    }

    private double trainStepInWorkspace(List<? extends PaddedBatch> batches) {
        long s = step() + 1;
        long started = System.nanoTime();
        model.train(true);
        model.reseed(Module.mix(config.seed(), s));
        model.zeroGrad();
        SplittableRandom coins = new SplittableRandom(Module.mix(config.seed() ^ 0x5EED, s));
        double gold = config.sampling().goldProbability(s - 1);
        double lossSum = 0;
        long tokens = 0;
        double lengthSum = 0;
        long sentences = 0;
        for (PaddedBatch batch : batches) {
            INDArray srcKeep = keep(batch.srcKeyPadding());
            INDArray tgtKeep = keep(batch.tgtKeyPadding());
            int[][] tgtIn = gold < 1 ? mixInputs(batch, srcKeep, tgtKeep, gold, coins) : batch.tgtIn();
            INDArray memory = encode(batch, srcKeep);
            INDArray logits = model.decode(tgtIn, memory, srcKeep, tgtKeep);
            INDArray dLength = null;
            if (lengthObjective != null) { // the memory also feeds the length head
                double lengthValue = lengthObjective.forward(model.predictLength(memory, srcKeep),
                        LengthObjective.targetLengths(batch));
                if (!Double.isFinite(lengthValue)) {
                    throw new TrainingDivergedException(s, "the length loss", lengthValue);
                }
                dLength = lengthObjective.backward().mul(config.lengthLossWeight() / batches.size());
                lengthSum += lengthValue * batch.size();
                sentences += batch.size();
            }
            double value = loss.forward(logits, batch.tgtOut());
            if (!Double.isFinite(value)) {
                throw new TrainingDivergedException(s, "the loss", value);
            }
            INDArray dLogits = loss.backward();
            if (batches.size() > 1) {
                dLogits.divi(batches.size());
            }
            model.backward(dLogits, dLength);
            lossSum += value * loss.lastTokenCount();
            tokens += loss.lastTokenCount();
        }
        List<Parameter> params = model.parameters();
        double norm = config.clipNorm() > 0 ? GradientClipping.clipByGlobalNorm(params, config.clipNorm())
                : GradientClipping.globalNorm(params);
        if (!Double.isFinite(norm)) {
            throw new TrainingDivergedException(s, "the gradient norm", norm);
        }
        adam.step();
        double seconds = (System.nanoTime() - started) / 1e9;
        double mean = lossSum / Math.max(1, tokens);
        TrainingListener.StepEvent event = new TrainingListener.StepEvent(s, config.steps(), mean,
                adam.lastLearningRate(), norm, tokens, tokens / seconds, gold,
                (System.nanoTime() - startNanos) / 1e9, sentences == 0 ? Double.NaN : lengthSum / sentences);
        for (TrainingListener l : listeners) {
            l.onStep(event);
        }
        return mean;
    }

    /**
     * Frees the calling thread's training and evaluation workspaces. Each is as large as the largest
     * step it served (all the activations of a training step, hundreds of MB for long sequences)
     * and is otherwise kept for the next step; {@link #fit} calls this when it ends, so that
     * decoding or plotting afterwards does not sit on top of it. The next step measures and
     * allocates them anew (one step whose arrays are allocated one by one).
     */
    public void releaseMemory() {
        StepWorkspace.release(StepWorkspace.TRAIN);
        StepWorkspace.release(StepWorkspace.EVAL);
        StepWorkspace.release(StepWorkspace.LAYER);
    }

    /**
     * Scheduled sampling's decoder inputs: a gradient-free teacher-forced pass predicts every
     * position; input t (t > 0) then keeps the gold token with probability {@code gold} and
     * otherwise takes the prediction made at position t - 1. BOS and padding are never replaced.
     */
    private int[][] mixInputs(PaddedBatch batch, INDArray srcKeep, INDArray tgtKeep, double gold,
                              SplittableRandom coins) {
        INDArray logits = model.decode(batch.tgtIn(), encode(batch, srcKeep), srcKeep, tgtKeep);
        int b = batch.size();
        int t = batch.tgtLength();
        INDArray predicted = Nd4j.argMax(logits.reshape(b * t, logits.size(2)), 1);  // [B*T]
        int[][] mixed = new int[b][];
        for (int i = 0; i < b; i++) {
            mixed[i] = batch.tgtIn()[i].clone();
            for (int j = 1; j < t; j++) {
                if (mixed[i][j] != Vocabulary.PAD && coins.nextDouble() >= gold) {
                    mixed[i][j] = predicted.getInt(i * t + j - 1);
                }
            }
        }
        return mixed;
    }

    /** Teacher-forced loss (without label smoothing), perplexity and token accuracy; the model is left in evaluation mode. */
    public Evaluation evaluate(List<? extends PaddedBatch> batches) {
        model.train(false);
        double nll = 0;
        long correct = 0;
        long tokens = 0;
        for (PaddedBatch batch : batches) {
            try (StepWorkspace.Scope ignored = StepWorkspace.open(StepWorkspace.EVAL)) {
                INDArray srcKeep = keep(batch.srcKeyPadding());
                INDArray logits = model.decode(batch.tgtIn(), encode(batch, srcKeep), srcKeep,
                        keep(batch.tgtKeyPadding()));
                double value = plainLoss.forward(logits, batch.tgtOut());
                nll += value * plainLoss.lastTokenCount();
                tokens += plainLoss.lastTokenCount();
                correct += plainLoss.lastCorrectCount(); // the loss's forward already took the argmax
            }
        }
        double mean = nll / Math.max(1, tokens);
        return new Evaluation(mean, Math.exp(mean), tokens == 0 ? 0 : (double) correct / tokens, tokens);
    }

    private Evaluation evaluateAndReport(List<? extends PaddedBatch> batches) {
        Evaluation e = evaluate(batches);
        for (TrainingListener l : listeners) {
            l.onEvaluation(new TrainingListener.EvaluationEvent(step(), e));
        }
        return e;
    }

    /** The encoder's memory over a batch's source: token ids or feature vectors. */
    private INDArray encode(PaddedBatch batch, INDArray srcKeep) {
        if (batch instanceof Batch tokens) {
            return model.encode(tokens.src(), srcKeep);
        }
        if (batch instanceof FeatureBatch features) {
            return model.encode(features.features(), srcKeep);
        }
        throw new IllegalArgumentException("unknown kind of batch: " + batch.getClass().getName());
    }

    private INDArray keep(INDArray mask) {
        DataType type = model.dataType();
        return mask.dataType() == type ? mask : mask.castTo(type);
    }

    /** Writes the model, the optimiser's state and the step atomically to one safetensors file. */
    public void save(Path file) throws IOException {
        Map<String, INDArray> extra = new LinkedHashMap<>();
        adam.state().forEach((k, v) -> extra.put(OPTIMIZER_PREFIX + k, v));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(STEP_KEY, Long.toString(step()));
        Checkpoint.save(model, file, extra, metadata);
    }

    /**
     * Continues a run from a checkpoint written by {@link #save}: the model, the optimiser's moments
     * and its step are restored; {@code config} must be the run's configuration (its seed decides
     * the batches and masks of the steps still to come).
     */
    public static Trainer resume(Path file, TrainingConfig config) throws IOException {
        // The header is judged before anything is read (Checkpoint.check), the optimiser state too.
        SafeTensors st = SafeTensors.read(file, header -> {
            Checkpoint.check(header);
            return null;
        });
        Transformer model = Checkpoint.load(st, file, DataType.FLOAT);
        Trainer trainer = new Trainer(model, config);
        Map<String, INDArray> state = new LinkedHashMap<>();
        for (String name : Checkpoint.extraNames(st, model)) {
            if (name.startsWith(OPTIMIZER_PREFIX)) {
                state.put(name.substring(OPTIMIZER_PREFIX.length()), st.get(name));
            }
        }
        if (state.isEmpty()) {
            throw new IOException(file + ": no optimiser state (tensors '" + OPTIMIZER_PREFIX + "*'); "
                    + "it is a model checkpoint, not a training checkpoint");
        }
        trainer.adam.loadState(state);
        String step = st.metadata().get(STEP_KEY);
        if (step != null && Long.parseLong(step) != trainer.step()) {
            throw new IOException(file + ": step " + step + " in the metadata disagrees with the optimiser's "
                    + trainer.step());
        }
        return trainer;
    }

    /** A fresh float32 model and trainer. */
    public static Trainer create(org.attentionlab.nn.TransformerConfig modelConfig, TrainingConfig config) {
        return new Trainer(new Transformer(modelConfig, new Init(config.seed(), DataType.FLOAT)), config);
    }
}
