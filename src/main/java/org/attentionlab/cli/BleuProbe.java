package org.attentionlab.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import org.attentionlab.data.Example;
import org.attentionlab.data.Task;
import org.attentionlab.nn.Transformer;
import org.attentionlab.train.TrainingListener;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code train --bleu-every N}: every N steps, decodes the first validation examples greedily and
 * appends the BLEU (and the other free-running scores) to {@code DIR/bleu.csv}.
 *
 * <p>Why: the teacher-forced validation loss of a small translation task rises long before the
 * free-running output stops improving (docs/results.md, German to English), so the loss alone
 * cannot tell when to stop or which settings are better; BLEU is what is reported. The probe's
 * decoding time is wall time of the run, so it counts against {@code --max-minutes}; the CSV
 * records the seconds it took, and the CPU time of the process, so runs can be compared by steps.
 *
 * <p>CSV columns: {@code step,bleu,word_error_rate,examples,probe_seconds,process_cpu_seconds}.
 */
final class BleuProbe implements TrainingListener, AutoCloseable {
    static final String HEADER = "step,bleu,word_error_rate,examples,probe_seconds,process_cpu_seconds";

    private final Transformer model;
    private final Task task;
    private final List<Example> examples;
    private final int every;
    private final int batch;
    private final BufferedWriter csv;
    private final PrintStream err;

    BleuProbe(RunDirectory run, Transformer model, Task task, List<Example> examples, int every, int batch,
              boolean fresh, PrintStream err) throws IOException {
        if (every < 1 || examples.isEmpty()) {
            throw new IllegalArgumentException("a BLEU probe needs a positive interval and examples");
        }
        this.model = model;
        this.task = task;
        this.examples = examples;
        this.every = every;
        this.batch = batch;
        this.err = err;
        Path file = run.file(RunDirectory.BLEU);
        boolean header = fresh || !Files.exists(file);
        this.csv = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                header ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        if (header) {
            csv.write(HEADER);
            csv.write('\n');
            csv.flush();
        }
    }

    @Override
    public void onStep(StepEvent e) {
        if (e.step() % every == 0) {
            probe(e.step());
        }
    }

    /** Scores the model as it is now and appends the row for {@code step}. */
    void probe(long step) {
        long started = System.nanoTime();
        Scoring.Report r;
        // Step events come inside the trainer's step workspace; decoding must not allocate there.
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            r = Scoring.score(model, task, examples, Decoding.Settings.greedy(), batch);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        try {
            csv.write(String.format(Locale.ROOT, "%d,%.4f,%.6f,%d,%.2f,%.1f%n", step, r.bleu(), r.errorRate(),
                    r.examples(), seconds, TrainCommand.cpuSeconds()));
            csv.flush();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        err.printf(Locale.ROOT, "step %d: greedy BLEU %.2f on %d validation examples (%.1f s)%n", step, r.bleu(),
                r.examples(), seconds);
    }

    /**
     * Cuts {@code bleu.csv} back to the rows of steps up to {@code step} (and drops a torn line),
     * atomically, as {@link Progress#truncate} does for metrics.csv: a resumed run probes those
     * steps again, and the old rows would be recorded twice.
     *
     * @return the rows removed (0 when there is no file, and then nothing is written)
     */
    static int truncate(Path csv, long step) throws IOException {
        return CsvSteps.truncate(csv, HEADER, step, BleuProbe::rowStep);
    }

    /** The step of a complete row; Long.MAX_VALUE for anything else (a torn or foreign line). */
    private static long rowStep(String line) {
        String[] f = line.split(",", -1);
        if (f.length != HEADER.split(",").length || f[f.length - 1].isEmpty()) {
            return Long.MAX_VALUE;
        }
        try {
            Double.parseDouble(f[f.length - 1]);
            return Long.parseLong(f[0]);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }
}
