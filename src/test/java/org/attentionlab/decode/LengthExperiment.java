package org.attentionlab.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.attentionlab.baseline.RegressionScores;
import org.attentionlab.data.EncodedPair;
import org.attentionlab.data.Task;
import org.attentionlab.data.TaskOptions;
import org.attentionlab.data.Tasks;
import org.attentionlab.data.Vocabulary;
import org.attentionlab.nn.TransformerConfig;
import org.attentionlab.train.Trainer;
import org.attentionlab.train.TrainingConfig;

/**
 * The measured comparison of docs/results.md ("Output length"): one small model with a length
 * head trained on a task, then each length strategy decodes the test split at a few points of
 * training. Not a unit test: run it by hand (see docs/results.md for the command).
 *
 * <p>Arguments: task (dates), examples, steps per stage, stages, d_model.
 */
public final class LengthExperiment {
    private LengthExperiment() {
    }

    public static void main(String[] args) throws Exception {
        String taskName = args.length > 0 ? args[0] : "dates";
        int examples = args.length > 1 ? Integer.parseInt(args[1]) : 6000;
        int stageSteps = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int stages = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        int dModel = args.length > 4 ? Integer.parseInt(args[4]) : 64;
        Task task = Tasks.forName(taskName, TaskOptions.defaults().withExamples(examples));
        System.out.println(task.describe());
        List<EncodedPair> train = task.encode(task.train());
        List<EncodedPair> test = task.encode(task.test());
        int maxTarget = train.stream().mapToInt(p -> p.target().length).max().orElse(1);
        TransformerConfig model = TransformerConfig.builder().dModel(dModel).heads(4).dFf(2 * dModel).layers(2)
                .srcVocab(task.sourceVocabulary().size()).tgtVocab(task.targetVocabulary().size())
                .maxLen(64).dropout(0.1).lengthClasses(maxTarget + 2).build();

        long t0 = System.nanoTime();
        RegressorLengths regressor = RegressorLengths.train(train, RegressorLengths.bagOfTokens(task.sourceVocabulary()),
                50, 1);
        RegressionScores rs = regressor.scores(test);
        System.out.printf(Locale.ROOT, "Tribuo regressor: %.1f s, test %s, features %s%n",
                (System.nanoTime() - t0) / 1e9, rs, regressor.features());

        int bos = Vocabulary.BOS;
        int end = Vocabulary.END;
        List<LengthStrategy> strategies = new ArrayList<>();
        strategies.add(LengthStrategy.endToken(new LengthCap(1.0, 10), bos, end));
        strategies.add(LengthStrategy.endToken(new LengthCap(1.0, 2), bos, end));
        strategies.add(LengthStrategy.lengthHead(bos, end));
        strategies.add(LengthStrategy.givenLengths("Tribuo regressor", regressor, bos, end));
        // The oracle looks up each test source's gold length (sources are distinct).
        java.util.Map<String, Integer> gold = new java.util.HashMap<>();
        for (EncodedPair p : test) {
            gold.put(java.util.Arrays.toString(p.source()), p.target().length);
        }
        strategies.add(LengthStrategy.givenLengths("oracle (gold length)",
                src -> gold.get(java.util.Arrays.toString(src)), bos, end));

        TrainingConfig.Builder cfg = TrainingConfig.builder().batchSize(64).learningRate(2e-3).warmup(0)
                .lengthLossWeight(0.1).seed(1);
        Trainer trainer = Trainer.create(model, cfg.steps(stageSteps).build());
        double trainSeconds = 0;
        for (int stage = 1; stage <= stages; stage++) {
            long start = System.nanoTime();
            double[] lastLength = new double[1];
            Trainer t = stage == 1 ? trainer : continueTrainer(trainer, cfg.steps(stage * stageSteps).build());
            t.listen(new org.attentionlab.train.TrainingListener() {
                @Override
                public void onStep(StepEvent e) {
                    lastLength[0] = e.lengthLoss();
                }
            });
            var eval = t.fit(train, task.encode(task.valid()), null);
            trainer = t;
            trainSeconds += (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%n### after %d steps (%.0f s of training): valid loss %.3f, token acc %.3f, "
                    + "last length loss %.3f%n%n", t.step(), trainSeconds, eval.loss(), eval.tokenAccuracy(), lastLength[0]);
            System.out.println(LengthReport.header());
            for (LengthStrategy s : strategies) {
                System.out.println(LengthReport.evaluate(s, t.model(), test, 100).toRow());
            }
        }
    }

    /** The same model and optimiser state, trained further: save and resume through a temporary checkpoint. */
    private static Trainer continueTrainer(Trainer trainer, TrainingConfig config) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("length-experiment", ".safetensors");
        try {
            trainer.save(file);
            return Trainer.resume(file, config);
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }
}
