package org.attentionlab.train;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Reads the JSON fixtures that src/test/python/make_train_fixtures.py computed with PyTorch. */
final class Fixtures {
    private Fixtures() {
    }

    static JsonObject load(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test fixture /fixtures/" + name);
            }
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double[] doubles(JsonArray a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsDouble();
        }
        return out;
    }

    static long[] longs(JsonArray a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsLong();
        }
        return out;
    }

    static int[][] ints2(JsonArray a) {
        int[][] out = new int[a.size()][];
        for (int i = 0; i < out.length; i++) {
            JsonArray row = a.get(i).getAsJsonArray();
            out[i] = new int[row.size()];
            for (int j = 0; j < row.size(); j++) {
                out[i][j] = row.get(j).getAsInt();
            }
        }
        return out;
    }

    static INDArray array(JsonArray values, JsonArray shape, DataType type) {
        return Nd4j.create(doubles(values), longs(shape), DataType.DOUBLE).castTo(type);
    }

    /** Asserts |a - e| <= tol * max(1, |e|) for every entry, naming the first mismatch. */
    static void assertClose(String what, double[] expected, INDArray actual, double tol) {
        double[] a = actual.castTo(DataType.DOUBLE).reshape(actual.length()).toDoubleVector();
        if (a.length != expected.length) {
            throw new AssertionError(what + ": length " + a.length + ", expected " + expected.length);
        }
        for (int i = 0; i < a.length; i++) {
            if (!(Math.abs(a[i] - expected[i]) <= tol * Math.max(1, Math.abs(expected[i])))) {
                throw new AssertionError(what + "[" + i + "]: got " + a[i] + ", expected " + expected[i]);
            }
        }
    }
}
