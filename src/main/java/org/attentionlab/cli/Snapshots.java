package org.attentionlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.attentionlab.nn.Checkpoint;
import org.attentionlab.nn.CheckpointAverage;
import org.attentionlab.nn.Transformer;
import org.attentionlab.train.TrainingListener;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code train --average-last N}: every {@code --checkpoint-every} steps a snapshot of the model
 * (parameters only, no optimiser state) goes to {@code DIR/checkpoints/step-NNNNNN.safetensors};
 * the last N are kept, older ones deleted. At the end of the run {@link #average} writes their
 * mean to {@code DIR/averaged.safetensors} ({@link CheckpointAverage}), as the paper averages its
 * last 5 (base) or 20 (big) checkpoints.
 *
 * <p>A run resumed with the option continues with the snapshots already in the folder.
 */
final class Snapshots implements TrainingListener {
    private static final java.util.regex.Pattern SNAPSHOT = java.util.regex.Pattern.compile("step-(\\d{1,18})\\.safetensors");

    private final Transformer model;
    private final Path folder;
    private final int every;
    private final int keep;

    Snapshots(RunDirectory run, Transformer model, int every, int keep) {
        if (keep < 1 || every < 1) {
            throw new IllegalArgumentException("snapshots need a positive interval and count, got " + every
                    + " and " + keep);
        }
        this.model = model;
        this.folder = run.file(RunDirectory.SNAPSHOTS);
        this.every = every;
        this.keep = keep;
    }

    @Override
    public void onStep(StepEvent e) {
        if (e.step() % every == 0) {
            write(e.step());
        }
    }

    /** Writes the snapshot of {@code step} (unless it exists) and deletes all but the last {@code keep}. */
    void write(long step) {
        Path file = folder.resolve(String.format(Locale.ROOT, "step-%06d.safetensors", step));
        // Step events come inside the trainer's step workspace; a save must not allocate there.
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            Files.createDirectories(folder);
            if (!Files.exists(file)) {
                Checkpoint.save(model, file);
            }
            List<Path> all = list();
            for (Path old : all.subList(0, Math.max(0, all.size() - keep))) {
                Files.delete(old);
            }
        } catch (IOException x) {
            throw new UncheckedIOException("could not write the snapshot " + file + ": " + x.getMessage(), x);
        }
    }

    /**
     * The mean of the kept snapshots, with one of the final model ({@code step}) added when the run
     * did not end on a snapshot step, written to {@code out}. Returns the files averaged.
     */
    List<Path> average(long step, Path out) throws IOException {
        write(step);
        List<Path> files = list();
        CheckpointAverage.write(files, out);
        return files;
    }

    /** The snapshot files in step order. */
    private List<Path> list() throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> files = new ArrayList<>(s.filter(p -> SNAPSHOT.matcher(p.getFileName().toString()).matches())
                    .sorted(java.util.Comparator.comparingLong(Snapshots::step)).toList());
            return files;
        }
    }

    /**
     * Deletes the snapshots of steps after {@code step} from {@code folder}: what a run killed after
     * its last checkpoint wrote. The resumed run takes those steps again and writes them anew
     * ({@link #write} would otherwise keep the old file of the same step).
     *
     * @return the files deleted
     */
    static int removeAfter(Path folder, long step) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        int removed = 0;
        try (Stream<Path> s = Files.list(folder)) {
            for (Path f : (Iterable<Path>) s::iterator) {
                if (step(f) > step && Files.deleteIfExists(f)) {
                    removed++;
                }
            }
        }
        return removed;
    }

    /** The step of a snapshot file (its name matches {@link #SNAPSHOT}), so that step 1,000,000 sorts after 999,999. */
    private static long step(Path snapshot) {
        java.util.regex.Matcher m = SNAPSHOT.matcher(snapshot.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    static void report(List<Path> files, Path out, PrintStream err) {
        err.println("averaged the last " + files.size() + " snapshots (" + files.get(0).getFileName() + " to "
                + files.get(files.size() - 1).getFileName() + ") into " + out.getFileName());
    }
}
