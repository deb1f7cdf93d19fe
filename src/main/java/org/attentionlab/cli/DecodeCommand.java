package org.attentionlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.attentionlab.data.Task;
import org.attentionlab.nn.Checkpoint;
import org.attentionlab.nn.Transformer;

/** {@code decode}: the output text of a trained run for one input text. */
final class DecodeCommand implements Command {
    @Override
    public String name() {
        return "decode";
    }

    @Override
    public String summary() {
        return "decode one input text with a trained run (greedy or beam search)";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: attention-lab decode --checkpoint DIR --input TEXT [options]",
                "  --checkpoint DIR   a run directory written by attention-lab train",
                RunDirectory.MODEL_USAGE,
                "  --input TEXT       the source text, tokenised as in training",
                Decoding.USAGE,
                RunModel.ALLOW_NONFINITE_USAGE);
    }

    @Override
    public int run(Options options, PrintStream out, PrintStream err) throws IOException {
        Path checkpoint = Path.of(options.required("checkpoint"));
        String input = options.required("input");
        RunDirectory.ModelChoice choice = RunDirectory.ModelChoice.read(options);
        Decoding.Settings settings = Decoding.fromOptions(options);
        Checkpoint.LoadOptions loading = RunModel.loadOptions(options);
        options.finish(false);
        RunDirectory run = RunDirectory.existing(checkpoint);
        Task task = run.textOnlyTask(run.readSpec());
        int[] src = task.encodeSource(input);
        if (src.length == 0) {
            throw new UsageException("option --input: no tokens in '" + input + "'");
        }
        long unknown = java.util.Arrays.stream(src).filter(id -> id == org.attentionlab.data.Vocabulary.UNK).count();
        if (unknown > 0) {
            err.println("note: " + unknown + " of " + src.length + " source tokens are not in the vocabulary and became "
                    + org.attentionlab.data.Vocabulary.SPECIALS.get(org.attentionlab.data.Vocabulary.UNK));
        }
        Transformer model = RunModel.load(run, run.model(choice), task, loading);
        int[][] ids = Decoding.decode(model, settings, new int[][] {src}, null, new int[] {src.length});
        out.println(task.decodeTarget(ids[0]));
        if (Decoding.stoppedAtPositionLimit(model, settings, new int[] {src.length}, ids) > 0) {
            err.println("note: " + Decoding.positionLimitNote(model));
        }
        return 0;
    }
}
