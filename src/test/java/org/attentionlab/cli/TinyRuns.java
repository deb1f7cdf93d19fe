package org.attentionlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.attentionlab.data.Vocabulary;
import org.attentionlab.nn.Checkpoint;
import org.attentionlab.nn.Init;
import org.attentionlab.nn.Transformer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Tiny training runs for the command-line tests: seconds to train, nothing learned. */
final class TinyRuns {
    private TinyRuns() {
    }

    /** {@code train} with TrainDecodeEvalTest's tiny settings, {@code extra} options and {@code --out dir}. */
    static TrainDecodeEvalTest.Result train(Path dir, String... extra) {
        TrainDecodeEvalTest.Result r = TrainDecodeEvalTest.cli(trainArgs(dir, extra));
        assertEquals(0, r.code(), r.err());
        return r;
    }

    /**
     * The arguments of {@code train} with the tiny settings, where {@code extra}'s options (names
     * followed by a value, or flags) replace the tiny settings' values of the same name.
     */
    static String[] trainArgs(Path dir, String... extra) {
        List<String> args = new ArrayList<>(List.of("train"));
        args.addAll(List.of(TrainDecodeEvalTest.TINY));
        for (int i = 0; i < extra.length; i++) {
            boolean hasValue = i + 1 < extra.length && !extra[i + 1].startsWith("--");
            int at = args.indexOf(extra[i]);
            if (at >= 0 && hasValue) {
                args.set(at + 1, extra[++i]);
            } else {
                args.add(extra[i]);
                if (hasValue) {
                    args.add(extra[++i]);
                }
            }
        }
        args.addAll(List.of("--out", dir.toString()));
        return args.toArray(String[]::new);
    }

    /** A copy of the regular files of {@code run} in a new directory {@code to}. */
    static Path copy(Path run, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(run)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, to.resolve(f.getFileName()));
                }
            }
        }
        return to;
    }

    /**
     * Replaces the run's model by the same model with the END token's output made certain
     * ({@code alwaysEnd}: every output is empty, so decoding is instant) or impossible (every
     * output runs to the cap or to the model's last position). A plain model checkpoint: decode and
     * eval load it; --resume does not.
     */
    static void forceEnd(Path run, boolean alwaysEnd) throws IOException {
        forceEnd(run, alwaysEnd, 0);
    }

    /** As above, and with {@code maxLen > 0} the model's positions end there (train's models have 512). */
    static void forceEnd(Path run, boolean alwaysEnd, int maxLen) throws IOException {
        Path file = run.resolve(RunDirectory.CHECKPOINT);
        Transformer model = Checkpoint.load(file);
        if (maxLen > 0) {
            Transformer trained = model;
            model = new Transformer(trained.config().toBuilder().maxLen(maxLen).build(), new Init(1, DataType.FLOAT));
            for (var p : model.namedParameters().entrySet()) {
                p.getValue().value().assign(trained.namedParameters().get(p.getKey()).value());
            }
        }
        INDArray bias = model.namedParameters().get("generator.bias").value();
        INDArray weight = model.namedParameters().get("generator.weight").value();
        weight.getRow(Vocabulary.END).assign(0);
        bias.putScalar(Vocabulary.END, alwaysEnd ? 1e4 : -1e4);
        Checkpoint.save(model, file);
    }
}
