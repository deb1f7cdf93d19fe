package org.attentionlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.attentionlab.data.FeaturePair;
import org.attentionlab.data.TaskOptions;
import org.attentionlab.data.Vocabulary;
import org.attentionlab.decode.BeamSearch;
import org.attentionlab.decode.GreedyDecoder;
import org.attentionlab.metrics.EditDistance;
import org.attentionlab.nn.Checkpoint;
import org.attentionlab.nn.Transformer;
import org.attentionlab.nn.TransformerConfig;
import org.attentionlab.speech.FeatureNormalizer;
import org.attentionlab.speech.SpeechConfig;
import org.attentionlab.speech.SpeechDataset;
import org.attentionlab.speech.SpeechExample;
import org.attentionlab.speech.SpeechFeatures;
import org.attentionlab.speech.WavFile;
import org.attentionlab.train.Trainer;
import org.attentionlab.train.TrainingConfig;
import org.attentionlab.train.TrainingListener;

/**
 * {@code speech}: the listen-attend-spell model of lesson 07 from the command line. {@code train}
 * speaks the data (espeak-ng, cached), trains and writes a run directory (model, feature
 * normaliser, data setting); {@code eval} scores a run's character error rate on a split;
 * {@code decode} writes down what a WAV file says.
 */
final class SpeechCommand implements Command {
    static final String MODEL = "model.safetensors";
    static final String NORMALIZER = "normalizer.txt";
    static final String SETTING = "speech.properties";
    /** Most characters a transcript may have: the longest number word (27) with room to spare. */
    static final int MAX_CHARS = 40;

    @Override
    public String name() {
        return "speech";
    }

    @Override
    public String summary() {
        return "spoken number words: train a listen-attend-spell model, evaluate it, decode a WAV file";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: attention-lab speech train --out DIR [--quick] [--steps N] [--seed S]",
                "       attention-lab speech eval --run DIR [--part test|heldout|valid] [--beam K]",
                "       attention-lab speech decode --run DIR --audio FILE.wav [--beam K]",
                "  --out DIR          the run directory to write (model, normaliser, data setting)",
                "  --quick            200 numbers, 2 voices a word, 120 steps (default: 1,000 numbers, 4 voices, 2,400 steps)",
                "  --steps N          training steps (default: 2,400, or 120 with --quick)",
                "  --seed S           the data's and the model's seed (default 1)",
                "  --run DIR          a run directory written by speech train",
                "  --part P           the split eval scores: test (unseen numbers, seen voices; default),",
                "                     heldout (the same numbers in a voice never heard) or valid",
                "  --audio FILE.wav   16-bit PCM audio, any rate and channel count",
                "  --beam K           beam search with K beams, length penalty 0.6 (default 1: greedy)");
    }

    @Override
    public int run(Options options, PrintStream out, PrintStream err) throws IOException {
        if (options.positional().isEmpty()) {
            throw new UsageException("missing sub-command: train, eval or decode");
        }
        String sub = options.positional().get(0);
        if (options.positional().size() > 1) {
            throw new UsageException("unexpected argument '" + options.positional().get(1) + "'");
        }
        return switch (sub) {
            case "train" -> train(options, out);
            case "eval" -> eval(options, out);
            case "decode" -> decode(options, out);
            default -> throw new UsageException("unknown sub-command '" + sub + "': train, eval or decode");
        };
    }

    /** The model of lesson 07: 2+2 layers, d_model 64, 4 heads, reading stacked log-mel frames. */
    static TransformerConfig model(int featureDim) {
        return TransformerConfig.builder().dModel(64).heads(4).dFf(256).layers(2).sourceFeatures(featureDim)
                .tgtVocab(SpeechDataset.vocabulary().size()).maxLen(96).dropout(0.1).build();
    }

    /** Lesson 07's training: the paper's warm-up, a cool-down over the last quarter, label smoothing. */
    static TrainingConfig training(int steps, long seed) {
        return TrainingConfig.builder().steps(steps).batchSize(32).warmup(200).learningRate(1.0).cooldown(steps / 4)
                .labelSmoothing(0.1).clipNorm(1.0).evalEvery(Math.max(1, steps / 10)).seed(seed).build();
    }

    static SpeechConfig setting(boolean quick, long seed) {
        return (quick ? SpeechConfig.quick() : SpeechConfig.defaults()).withSeed(seed);
    }

    static List<FeaturePair> pairs(List<SpeechExample> examples) {
        return examples.stream().map(e -> new FeaturePair(e.features(), e.target())).toList();
    }

    private int train(Options options, PrintStream out) throws IOException {
        Path dir = Path.of(options.required("out"));
        boolean quick = options.flag("quick");
        int steps = options.integer("steps", quick ? 120 : 2400);
        long seed = options.integer("seed", 1);
        options.finish(true);
        if (steps < 1) {
            throw new UsageException("option --steps must be at least 1, got " + steps);
        }
        SpeechDataset data = load(setting(quick, seed), out);
        Files.createDirectories(dir);
        Trainer trainer = Trainer.create(model(data.featureDim()), training(steps, seed));
        long every = Math.max(1, steps / 20);
        trainer.listen(new TrainingListener() {
            @Override
            public void onStep(StepEvent e) {
                if (e.step() % every == 0 || e.step() == e.totalSteps()) {
                    out.printf(Locale.ROOT, "step %d/%d  loss %.3f%n", e.step(), e.totalSteps(), e.loss());
                }
            }
        });
        var last = trainer.fitFeatures(pairs(data.train()), pairs(data.valid()), null);
        Checkpoint.save(trainer.model(), dir.resolve(MODEL));
        data.normalizer().save(dir.resolve(NORMALIZER));
        Properties p = new Properties();
        p.setProperty("quick", Boolean.toString(quick));
        p.setProperty("seed", Long.toString(seed));
        p.setProperty("steps", Integer.toString(steps));
        try (var w = Files.newBufferedWriter(dir.resolve(SETTING))) {
            p.store(w, "attention-lab speech run");
        }
        out.println("validation: " + last);
        out.println("wrote " + dir);
        return 0;
    }

    private static SpeechDataset load(SpeechConfig config, PrintStream out) {
        return SpeechDataset.load(config, SpeechFeatures.defaults(), TaskOptions.defaultCacheDir(), 0, (done, total) -> {
            if (done == total || done % 500 == 0) {
                out.println("spoken " + done + " of " + total);
            }
        });
    }

    private static Properties readSetting(Path dir) throws IOException {
        for (String f : List.of(MODEL, NORMALIZER, SETTING)) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                throw new UsageException(dir + " is not a speech run directory: it has no " + f);
            }
        }
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(dir.resolve(SETTING))) {
            p.load(r);
        }
        return p;
    }

    private int eval(Options options, PrintStream out) throws IOException {
        Path dir = Path.of(options.required("run"));
        String part = options.string("part", "test");
        int beam = beam(options);
        options.finish(true);
        if (!List.of("test", "heldout", "valid").contains(part)) {
            throw new UsageException("option --part must be test, heldout or valid, got '" + part + "'");
        }
        Properties p = readSetting(dir);
        SpeechDataset data = load(setting(Boolean.parseBoolean(p.getProperty("quick")),
                Long.parseLong(p.getProperty("seed", "1"))), out);
        Transformer model = Checkpoint.load(dir.resolve(MODEL));
        long edits = 0;
        long chars = 0;
        int right = 0;
        List<SpeechExample> examples = data.part(part);
        for (SpeechExample e : examples) {
            int[] ids = decode(model, e.features(), beam);
            edits += EditDistance.levenshtein(e.target(), ids);
            chars += e.target().length;
            right += java.util.Arrays.equals(e.target(), ids) ? 1 : 0;
        }
        out.printf(Locale.ROOT, "%s, %s: character error rate %.2f %% over %d utterances, %.1f %% of transcripts right%n",
                part, beam == 1 ? "greedy" : "beam " + beam, 100.0 * edits / chars, examples.size(),
                100.0 * right / examples.size());
        return 0;
    }

    private int decode(Options options, PrintStream out) throws IOException {
        Path dir = Path.of(options.required("run"));
        Path audio = options.existingFile("audio");
        int beam = beam(options);
        options.finish(true);
        readSetting(dir);
        Transformer model = Checkpoint.load(dir.resolve(MODEL));
        FeatureNormalizer normalizer = FeatureNormalizer.load(dir.resolve(NORMALIZER));
        float[][] x = SpeechFeatures.defaults().encoderInput(WavFile.read(audio), normalizer);
        out.println(SpeechDataset.decode(decode(model, x, beam)));
        return 0;
    }

    private static int beam(Options options) {
        int beam = options.integer("beam", 1);
        if (beam < 1) {
            throw new UsageException("option --beam must be at least 1, got " + beam);
        }
        return beam;
    }

    private static int[] decode(Transformer model, float[][] features, int beam) {
        model.train(false);
        return beam == 1 ? new GreedyDecoder(Vocabulary.BOS, Vocabulary.END, true).decode(model, features, MAX_CHARS)
                : new BeamSearch(beam, 0.6, Vocabulary.BOS, Vocabulary.END).decode(model, features, MAX_CHARS);
    }
}
