package org.attentionlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.attentionlab.data.EncodedPair;
import org.attentionlab.data.Example;
import org.attentionlab.data.Task;
import org.attentionlab.data.TaskOptions;
import org.attentionlab.data.Tasks;
import org.attentionlab.nn.DecoderLayer;
import org.attentionlab.nn.EncoderLayer;
import org.attentionlab.nn.NormPlacement;
import org.attentionlab.nn.Transformer;
import org.attentionlab.nn.TransformerConfig;
import org.attentionlab.train.Trainer;
import org.attentionlab.train.TrainingConfig;
import org.attentionlab.train.TrainingListener;
import org.attentionlab.viz.AttentionMaps;
import org.attentionlab.viz.Gallery;
import org.attentionlab.viz.History;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code gallery}: trains two small models on the reverse task (post-LN and pre-LN) and renders
 * the pictures of {@code org.attentionlab.viz} from that real run: loss and learning-rate curves,
 * the attention of every layer and head on a test sentence, the paper's schedule, label smoothing
 * and position encodings. It regenerates docs/gallery.
 */
final class GalleryCommand implements Command {
    @Override
    public String name() {
        return "gallery";
    }

    @Override
    public String summary() {
        return "train two small models and render every chart type into a directory";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: attention-lab gallery [--out DIR] [--steps N] [--seed N]",
                "  --out DIR    where the PNGs and gallery.md go (default docs/gallery)",
                "  --steps N    training steps of each of the two runs (default 600)",
                "  --seed N     seed of data, models and training (default 1)");
    }

    @Override
    public int run(Options options, PrintStream out, PrintStream err) throws IOException {
        Path dir = Path.of(options.string("out", "docs/gallery"));
        int steps = options.integer("steps", 600);
        int seed = options.integer("seed", 1);
        options.finish(false);
        if (steps < 1) {
            throw new UsageException("--steps must be at least 1, got " + steps);
        }

        Task task = Tasks.forName("reverse", TaskOptions.defaults().withSeed(seed).withExamples(3000).withLengths(4, 9));
        List<EncodedPair> train = task.encode(task.train());
        List<EncodedPair> valid = task.encode(task.valid());
        List<History> runs = new ArrayList<>();
        Transformer shown = null;
        for (NormPlacement norm : NormPlacement.values()) {
            TransformerConfig model = TransformerConfig.builder().dModel(64).heads(4).dFf(128).layers(2)
                    .srcVocab(task.sourceVocabulary().size()).tgtVocab(task.targetVocabulary().size()).maxLen(32)
                    .dropout(0.1).norm(norm).build();
            TrainingConfig training = TrainingConfig.builder().steps(steps).batchSize(32).warmup(Math.max(1, steps / 6))
                    .learningRate(1.0).evalEvery(Math.max(1, steps / 10)).seed(seed).build();
            History history = new History(norm.configName() + "-LN");
            Trainer trainer = Trainer.create(model, training).listen(new TrainingListener() {
                @Override
                public void onStep(StepEvent e) {
                    history.step(e.step(), e.loss(), e.learningRate(), e.tokensPerSecond());
                }

                @Override
                public void onEvaluation(EvaluationEvent e) {
                    history.validation(e.step(), e.evaluation().loss());
                }
            });
            err.println("gallery: training " + history.name() + " on reverse for " + steps + " steps ...");
            var evaluation = trainer.fit(train, valid, null);
            err.println("gallery: " + history.name() + ": " + evaluation);
            runs.add(history);
            if (shown == null) {
                shown = trainer.model();
            }
        }

        // Attention of the post-LN model on the first test sentence.
        Example example = task.test().get(0);
        EncodedPair pair = task.encode(example);
        int[] tgtIn = new int[pair.target().length + 1];
        tgtIn[0] = org.attentionlab.data.Vocabulary.BOS;
        System.arraycopy(pair.target(), 0, tgtIn, 1, pair.target().length);
        shown.train(false);
        shown.forward(new int[][] {pair.source()}, new int[][] {tgtIn}, null, null);
        List<INDArray> encoderSelf = new ArrayList<>();
        for (EncoderLayer layer : shown.encoder().layers().items()) {
            encoderSelf.add(layer.selfAttention().lastAttentionWeights().dup());
        }
        List<INDArray> decoderSelf = new ArrayList<>();
        List<INDArray> cross = new ArrayList<>();
        for (DecoderLayer layer : shown.decoder().layers().items()) {
            decoderSelf.add(layer.selfAttention().lastAttentionWeights().dup());
            cross.add(layer.crossAttention().lastAttentionWeights().dup());
        }
        List<String> srcTokens = task.sourceTokenizer().tokenize(example.source());
        List<String> tgtTokens = new ArrayList<>();
        tgtTokens.add("<bos>");
        tgtTokens.addAll(task.targetTokenizer().tokenize(example.target()));

        Gallery gallery = new Gallery().withRuns(runs)
                .add("attention-head", "Cross-attention of the last decoder layer, head 0: reversing reads the source backwards",
                        AttentionMaps.head("Cross-attention, last layer, head 0", cross.get(cross.size() - 1), 0, 0,
                                tgtTokens, srcTokens))
                .add("attention-grid", "Every layer and head of one reversed sentence",
                        AttentionMaps.example(encoderSelf, decoderSelf, cross, 0, srcTokens, tgtTokens))
                .withPaperFigures();
        for (Path p : gallery.render(dir, "Attention Lab gallery (reverse task, " + steps + " steps a run)")) {
            out.println(p);
        }
        return 0;
    }
}
