package org.attentionlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.attentionlab.io.SafeTensors;
import org.attentionlab.train.LabelSmoothedCrossEntropy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Weights made by torch.nn.Transformer (src/test/python/make_parity_fixtures.py) give the same
 * logits, loss and parameter gradients here, in float64 (tight) and in float32 (the training type).
 * The features_* fixtures read feature vectors through the input projection and also compare the
 * gradient with respect to the features.
 */
class ParityWithPyTorchTest {
    static final Path FIXTURES = Path.of("src/test/resources/fixtures/parity");

    record Result(double logitsError, double lossError, String worstGradient, double worstGradientError) {
    }

    static int[][] ids(INDArray a) {
        int[][] out = new int[(int) a.size(0)][(int) a.size(1)];
        for (int b = 0; b < out.length; b++) {
            for (int t = 0; t < out[b].length; t++) {
                out[b][t] = a.getInt(b, t);
            }
        }
        return out;
    }

    /** ||a - b|| / ||b||, the error measure for a whole tensor. */
    static double relative(INDArray actual, INDArray expected) {
        INDArray a = actual.castTo(DataType.DOUBLE);
        INDArray e = expected.castTo(DataType.DOUBLE);
        double norm = e.norm2Number().doubleValue();
        return a.sub(e).norm2Number().doubleValue() / Math.max(norm, 1e-30);
    }

    static Result run(String name, DataType dataType) throws IOException {
        Path file = FIXTURES.resolve(name + ".safetensors");
        SafeTensors st = SafeTensors.read(file);
        Transformer model = Checkpoint.load(st, file, dataType);
        model.train(true); // dropout is 0: training mode only makes BatchNorm-free layers record for backward
        boolean features = model.config().hasFeatureSource();
        int[][] tgtIn = ids(st.get("input.tgt_in"));
        int[][] tgtOut = ids(st.get("input.tgt_out"));
        INDArray srcKeep = st.get("input.src_keep").castTo(dataType);
        INDArray tgtKeep = st.get("input.tgt_keep").castTo(dataType);

        INDArray logits = features ? model.forward(st.get("input.src").castTo(dataType), tgtIn, srcKeep, tgtKeep)
                : model.forward(ids(st.get("input.src")), tgtIn, srcKeep, tgtKeep);
        double logitsError = logits.castTo(DataType.DOUBLE).sub(st.get("expected.logits")).amaxNumber().doubleValue();

        LabelSmoothedCrossEntropy loss = new LabelSmoothedCrossEntropy(
                Double.parseDouble(st.metadata().get("label_smoothing")), Integer.parseInt(st.metadata().get("pad_id")));
        double value = loss.forward(logits, tgtOut);
        double lossError = Math.abs(value - st.get("expected.loss").getDouble(0));

        model.zeroGrad();
        model.backward(loss.backward());
        String worst = "";
        double worstError = 0;
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            String key = "grad." + e.getKey();
            assertTrue(st.names().contains(key), name + ": fixture lacks " + key);
            double err = relative(e.getValue().grad(), st.get(key));
            if (err > worstError || worst.isEmpty()) {
                worst = e.getKey();
                worstError = Math.max(err, worstError);
            }
        }
        if (features) {
            double err = relative(model.featureGradient(), st.get("expected.features_grad"));
            if (err > worstError) {
                worst = "the features (input)";
                worstError = err;
            }
        } else {
            assertEquals(null, model.featureGradient(), "a token model has no feature gradient");
        }
        return new Result(logitsError, lossError, worst, worstError);
    }

    @ParameterizedTest
    @ValueSource(strings = {"post_ln_padded", "pre_ln_gelu", "tied_learned", "features_post_ln",
            "features_pre_ln_learned"})
    void float64MatchesTorchExactly(String name) throws IOException {
        Result r = run(name, DataType.DOUBLE);
        assertTrue(r.logitsError() < 1e-9, name + ": max |logit error| " + r.logitsError());
        assertTrue(r.lossError() < 1e-10, name + ": loss error " + r.lossError());
        assertTrue(r.worstGradientError() < 1e-8, name + ": gradient of " + r.worstGradient()
                + " off by " + r.worstGradientError() + " (relative norm)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"post_ln_padded", "pre_ln_gelu", "tied_learned", "features_post_ln",
            "features_pre_ln_learned"})
    void float32MatchesTorchTo1e4(String name) throws IOException {
        Result r = run(name, DataType.FLOAT);
        assertTrue(r.logitsError() < 1e-4, name + ": max |logit error| " + r.logitsError());
        assertTrue(r.lossError() < 1e-4, name + ": loss error " + r.lossError());
        assertTrue(r.worstGradientError() < 1e-4, name + ": gradient of " + r.worstGradient()
                + " off by " + r.worstGradientError() + " (relative norm)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"post_ln_padded", "features_post_ln"})
    void everyFixtureTensorIsUsed(String name) throws IOException {
        Path file = FIXTURES.resolve(name + ".safetensors");
        SafeTensors st = SafeTensors.read(file);
        Transformer model = Checkpoint.load(st, file, DataType.DOUBLE);
        List<String> unused = new ArrayList<>(Checkpoint.extraNames(st, model));
        unused.removeIf(n -> n.startsWith("grad.") || n.startsWith("input.") || n.startsWith("expected."));
        assertEquals(List.of(), unused, "torch tensors the model does not read");
    }
}
