package org.attentionlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.attentionlab.nn.CheckpointAverage;

/**
 * {@code average}: writes the element-wise mean of several checkpoints of one model
 * ({@link CheckpointAverage}), the paper's checkpoint averaging. {@code train --average-last N}
 * does the same at the end of a run with the snapshots it kept.
 */
final class AverageCommand implements Command {
    @Override
    public String name() {
        return "average";
    }

    @Override
    public String summary() {
        return "average the parameters of several checkpoints of one model";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: attention-lab average --checkpoints FILE FILE... --out FILE",
                "  --checkpoints FILE...  checkpoints (.safetensors) of one model configuration, e.g. the",
                "                         snapshots a run keeps in DIR/checkpoints with train --average-last N",
                "  --out FILE             the mean model (no optimiser state); eval/decode read it with",
                "                         --model FILE beside the run directory that holds the vocabularies");
    }

    @Override
    public int run(Options options, PrintStream out, PrintStream err) throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(options.existingFile("checkpoints"));
        Path target = Path.of(options.required("out"));
        options.finish(true);
        for (String f : options.positional()) {
            Path p = Path.of(f);
            if (!Files.isRegularFile(p)) {
                throw new UsageException("option --checkpoints: no such file: " + f);
            }
            files.add(p);
        }
        if (files.contains(target)) {
            throw new UsageException("--out " + target + " is one of the checkpoints being averaged");
        }
        CheckpointAverage.write(files, target);
        out.println("averaged " + files.size() + " checkpoints into " + target);
        return 0;
    }
}
