package org.attentionlab.nn;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scatter.ScatterAdd;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LayerNormBp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Not a test: a main that times the embedding and LayerNorm against the ND4J ops they replaced,
 * interleaved so that a busy machine slows every candidate alike. Batch 32 x 32 tokens, vocab 1000,
 * d 128, float32. Run with OMP_NUM_THREADS=1 and the test classpath.
 */
public final class LayersBenchmark {
    private LayersBenchmark() {
    }

    public static void main(String[] args) {
        DataType f = DataType.FLOAT;
        Init init = new Init(1, f);
        int b = 32;
        int t = 32;
        int vocab = 1000;
        int d = 128;
        int n = b * t;
        SplittableRandom random = new SplittableRandom(1);
        int[][] ids = new int[b][t];
        int[] flat = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i / t][i % t] = random.nextInt(vocab);
            flat[i] = ids[i / t][i % t];
        }
        TokenEmbedding emb = new TokenEmbedding(vocab, d, init);
        INDArray dy = init.normal(1, b, t, d);
        INDArray dy2 = dy.reshape(n, d);
        INDArray idx = Nd4j.createFromArray(flat);
        INDArray grad = emb.weight().grad();
        LayerNorm ln = new LayerNorm(d, 1e-5, init);
        INDArray x = init.normal(2, b, t, d);
        INDArray x2 = x.reshape(n, d);
        emb.forward(ids);
        ln.forward(x, null);
        String[] names = {"embedding gather (Java loop)", "pullRows + scale", "embedding scatter-add (Java loop)",
            "scatter_add op, in place", "LayerNorm forward (Java loop)", "layer_norm op",
            "LayerNorm backward (Java loop)", "layer_norm_bp op"};
        Runnable[] runs = {
            () -> emb.forward(ids),
            () -> Nd4j.pullRows(emb.weight().value(), 1, flat).muli(Math.sqrt(d)),
            () -> emb.backward(dy),
            () -> {
                ScatterAdd op = new ScatterAdd(grad, idx, dy2.mul(Math.sqrt(d)));
                op.addOutputArgument(grad); // without this the op writes a fresh copy of the table
                Nd4j.exec(op);
            },
            () -> ln.forward(x, null),
            () -> Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.custom.LayerNorm(x2, ln.weight().value(),
                    ln.bias().value(), Nd4j.createUninitialized(f, n, d), true, 1)),
            () -> ln.backward(dy),
            () -> Nd4j.exec(new LayerNormBp(x2, ln.weight().value(), ln.bias().value(), dy2,
                    Nd4j.createUninitialized(f, n, d), Nd4j.createUninitialized(f, d), Nd4j.createUninitialized(f, d),
                    true, 1)),
        };
        int rounds = 40;
        int reps = 10;
        double[][] ms = new double[runs.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < runs.length; i++) {
                long t0 = System.nanoTime();
                for (int k = 0; k < reps; k++) {
                    runs[i].run();
                }
                ms[i][r] = (System.nanoTime() - t0) / 1e6 / reps;
            }
        }
        for (int i = 0; i < runs.length; i++) {
            double[] v = ms[i].clone();
            Arrays.sort(v);
            System.out.printf("%-36s best %.3f ms, median %.3f ms%n", names[i], v[0], v[rounds / 2]);
        }
    }
}
