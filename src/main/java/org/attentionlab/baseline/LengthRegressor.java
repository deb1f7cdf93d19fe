package org.attentionlab.baseline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.evaluation.RegressionEvaluation;
import org.tribuo.regression.evaluation.RegressionEvaluator;
import org.tribuo.regression.sgd.linear.LinearSGDTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;
import org.tribuo.transform.TransformTrainer;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.transformations.MeanStdDevTransformation;

/**
 * The length baseline: predict a target sentence's length from simple features of its source
 * with a linear model (Tribuo's SGD linear regression on standardised features, squared loss,
 * AdaGrad). Any output-length strategy of the decoder should beat it; if not, the model has
 * learnt nothing about length that "about 1.1 times the source" does not already know.
 *
 * <p>It takes plain feature maps (name to value) so that it does not depend on how the data
 * package represents sentences; {@link #sourceFeatures} gives a default set.
 */
public final class LengthRegressor {
    private static final String TARGET = "length";
    private static final RegressionFactory FACTORY = new RegressionFactory();

    private final Model<Regressor> model;

    private LengthRegressor(Model<Regressor> model) {
        this.model = model;
    }

    /** Default features of a tokenised source: token count, character count, punctuation tokens. */
    public static Map<String, Double> sourceFeatures(List<String> sourceTokens) {
        if (sourceTokens == null) {
            throw new IllegalArgumentException("sourceTokens is null");
        }
        double chars = 0;
        double punct = 0;
        for (String t : sourceTokens) {
            chars += t.length();
            if (!t.isEmpty() && t.codePoints().noneMatch(Character::isLetterOrDigit)) {
                punct++;
            }
        }
        Map<String, Double> f = new LinkedHashMap<>();
        f.put("tokens", (double) sourceTokens.size());
        f.put("chars", chars);
        f.put("punct", punct);
        return f;
    }

    /** Trains with 100 epochs; see {@link #train(List, double[], int, long)}. */
    public static LengthRegressor train(List<Map<String, Double>> features, double[] targets, long seed) {
        return train(features, targets, 100, seed);
    }

    /**
     * Fits a linear model of {@code targets} on {@code features} (one map an example; missing
     * features count as zero). Features are standardised (mean 0, sd 1) inside the model, so
     * predictions take raw feature values.
     */
    public static LengthRegressor train(List<Map<String, Double>> features, double[] targets, int epochs, long seed) {
        checkData(features, targets);
        if (epochs <= 0) {
            throw new IllegalArgumentException("epochs must be positive, got " + epochs);
        }
        if (features.size() < 2) {
            throw new IllegalArgumentException("need at least 2 examples to fit a line, got " + features.size());
        }
        LinearSGDTrainer sgd = new LinearSGDTrainer(new SquaredLoss(), new AdaGrad(0.5, 0.1), epochs,
                Math.max(1, features.size() / 4), 1, seed);
        TransformTrainer<Regressor> trainer = new TransformTrainer<>(sgd,
                new TransformationMap(List.of(new MeanStdDevTransformation())));
        return new LengthRegressor(trainer.train(dataset(features, targets)));
    }

    /** The predicted target length for one example's features. */
    public double predict(Map<String, Double> features) {
        return predict(List.of(features))[0];
    }

    public double[] predict(List<Map<String, Double>> features) {
        if (features == null || features.isEmpty()) {
            throw new IllegalArgumentException("features is null or empty");
        }
        List<Example<Regressor>> examples = new ArrayList<>();
        for (Map<String, Double> f : features) {
            examples.add(example(f, Double.NaN));
        }
        List<Prediction<Regressor>> ps = model.predict(examples);
        double[] out = new double[ps.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ps.get(i).getOutput().getValues()[0];
        }
        return out;
    }

    /** RMSE, MAE and R^2 on held-out data, as Tribuo's regression evaluator computes them. */
    public RegressionScores evaluate(List<Map<String, Double>> features, double[] targets) {
        checkData(features, targets);
        RegressionEvaluation e = new RegressionEvaluator().evaluate(model, dataset(features, targets));
        Regressor dim = new Regressor(TARGET, Double.NaN);
        return new RegressionScores(e.rmse(dim), e.mae(dim), e.r2(dim), targets.length);
    }

    /** The underlying Tribuo model, for provenance or for Tribuo's own tools. */
    public Model<Regressor> model() {
        return model;
    }

    private static MutableDataset<Regressor> dataset(List<Map<String, Double>> features, double[] targets) {
        MutableDataset<Regressor> d = new MutableDataset<>(
                new SimpleDataSourceProvenance("length baseline data", FACTORY), FACTORY);
        for (int i = 0; i < targets.length; i++) {
            d.add(example(features.get(i), targets[i]));
        }
        return d;
    }

    private static Example<Regressor> example(Map<String, Double> f, double target) {
        if (f == null || f.isEmpty()) {
            throw new IllegalArgumentException("an example has no features: " + f);
        }
        String[] names = f.keySet().toArray(new String[0]);
        double[] values = new double[names.length];
        for (int i = 0; i < names.length; i++) {
            Double v = f.get(names[i]);
            if (v == null || !Double.isFinite(v)) {
                throw new IllegalArgumentException("feature '" + names[i] + "' must be a finite number, got " + v);
            }
            values[i] = v;
        }
        return new ArrayExample<>(new Regressor(TARGET, target), names, values);
    }

    private static void checkData(List<Map<String, Double>> features, double[] targets) {
        if (features == null || targets == null) {
            throw new IllegalArgumentException("features and targets must not be null");
        }
        if (features.size() != targets.length || targets.length == 0) {
            throw new IllegalArgumentException("features and targets must have the same non-zero length, got "
                    + features.size() + " and " + targets.length);
        }
    }
}
