package org.attentionlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.attentionlab.io.Npy;
import org.attentionlab.nn.Checkpoint;
import org.attentionlab.nn.Transformer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code forward}: the decoder's logits for one source and one target sequence, read from a
 * checkpoint, in evaluation mode (no dropout), causal mask on the target, no padding.
 */
final class ForwardCommand implements Command {
    @Override
    public String name() {
        return "forward";
    }

    @Override
    public String summary() {
        return "logits of a checkpoint for given token ids (for checking against PyTorch)";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: attention-lab forward --checkpoint FILE --src IDS --tgt IDS [--out FILE.npy]",
                "  --checkpoint FILE  a safetensors checkpoint (docs/checkpoint-format.md)",
                "  --src IDS          comma-separated source token ids, e.g. 5,9,2,7",
                "  --tgt IDS          comma-separated decoder input ids, e.g. 1,4,4",
                "  --out FILE.npy     write logits [tgt_len, tgt_vocab] as float32 .npy; without it, print them",
                RunModel.ALLOW_NONFINITE_USAGE);
    }

    @Override
    public int run(Options options, PrintStream out, PrintStream err) throws IOException {
        Path checkpoint = options.existingFile("checkpoint");
        int[] src = options.integers("src");
        int[] tgt = options.integers("tgt");
        String target = options.string("out", null);
        Checkpoint.LoadOptions loading = RunModel.loadOptions(options);
        options.finish(false);

        Transformer model = Checkpoint.load(checkpoint, loading);
        model.train(false);
        INDArray logits = model.forward(new int[][] {src}, new int[][] {tgt}, null, null);
        INDArray matrix = logits.reshape(tgt.length, model.config().tgtVocab()).castTo(DataType.FLOAT);
        if (target == null) {
            for (int t = 0; t < tgt.length; t++) {
                StringBuilder line = new StringBuilder();
                for (int v = 0; v < matrix.columns(); v++) {
                    line.append(v == 0 ? "" : " ").append(String.format("%.6f", matrix.getFloat(t, v)));
                }
                out.println(line);
            }
        } else {
            Npy.write(Path.of(target), matrix);
            err.println("wrote logits " + tgt.length + " x " + matrix.columns() + " to " + target);
        }
        return 0;
    }
}
