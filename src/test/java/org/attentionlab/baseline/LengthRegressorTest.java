package org.attentionlab.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LengthRegressorTest {
    /** Targets about 1.2 times the source length plus 2, with noise of sd 1. */
    private static List<Map<String, Double>> features(int n, long seed, double[] targets) {
        Random r = new Random(seed);
        List<Map<String, Double>> fs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = 3 + r.nextInt(40);
            List<String> toks = new ArrayList<>();
            for (int k = 0; k < len; k++) {
                toks.add(r.nextInt(8) == 0 ? "," : "w" + r.nextInt(100));
            }
            fs.add(LengthRegressor.sourceFeatures(toks));
            targets[i] = 1.2 * len + 2 + r.nextGaussian();
        }
        return fs;
    }

    @Test
    void learnsALinearLengthRelation() {
        double[] y = new double[400];
        List<Map<String, Double>> x = features(400, 1, y);
        double[] yTest = new double[200];
        List<Map<String, Double>> xTest = features(200, 2, yTest);
        LengthRegressor m = LengthRegressor.train(x, y, 7);
        RegressionScores s = m.evaluate(xTest, yTest);
        assertTrue(s.r2() > 0.95, s.toString());
        assertTrue(s.rmse() < 1.5, s.toString()); // the noise alone is 1.0
        // Predictions sit close to the noiseless line 1.2 * tokens + 2.
        double[] p = m.predict(xTest);
        double dev = 0;
        for (int i = 0; i < p.length; i++) {
            dev += Math.abs(p[i] - (1.2 * xTest.get(i).get("tokens") + 2)) / p.length;
        }
        assertTrue(dev < 0.6, "mean distance from the true line " + dev);
    }

    @Test
    void tribuoScoresAgreeWithDirectComputation() {
        double[] y = new double[100];
        List<Map<String, Double>> x = features(100, 3, y);
        LengthRegressor m = LengthRegressor.train(x, y, 20, 1);
        RegressionScores tribuo = m.evaluate(x, y);
        RegressionScores direct = RegressionScores.of(m.predict(x), y);
        assertEquals(direct.rmse(), tribuo.rmse(), 1e-6);
        assertEquals(direct.mae(), tribuo.mae(), 1e-6);
        assertEquals(direct.r2(), tribuo.r2(), 1e-6);
    }

    @Test
    void scoresOfAPerfectAndAMeanPredictor() {
        double[] gold = {1, 2, 3, 4};
        RegressionScores perfect = RegressionScores.of(gold.clone(), gold);
        assertEquals(0, perfect.rmse());
        assertEquals(1, perfect.r2());
        RegressionScores mean = RegressionScores.of(new double[] {2.5, 2.5, 2.5, 2.5}, gold);
        assertEquals(0, mean.r2(), 1e-12);
        assertEquals(1.0, mean.mae(), 1e-12);
    }

    @Test
    void badInputsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LengthRegressor.train(List.of(Map.of("a", 1.0)), new double[] {1, 2}, 1));
        assertTrue(e.getMessage().contains("1 and 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LengthRegressor.train(
                List.of(Map.of("a", 1.0), Map.of("a", Double.NaN)), new double[] {1, 2}, 1));
        assertTrue(e.getMessage().contains("'a'"), e.getMessage());
    }

    @Test
    void sourceFeaturesCountTokensCharsAndPunctuation() {
        Map<String, Double> f = LengthRegressor.sourceFeatures(List.of("Hello", ",", "world", "!"));
        assertEquals(4.0, f.get("tokens"));
        assertEquals(12.0, f.get("chars"));
        assertEquals(2.0, f.get("punct"));
    }
}
