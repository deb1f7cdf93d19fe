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
import org.attentionlab.train.Evaluation;
import org.attentionlab.train.TrainingListener;
import org.attentionlab.viz.History;

/**
 * The training run's progress on the terminal and in {@code metrics.csv}.
 *
 * <p>On a terminal one line is redrawn with {@code \r} (step/total, a bar, loss, tokens/s, time
 * left); when stderr is a file or a pipe (a log), a plain line is written every twentieth of the
 * run instead, so logs stay readable. Every step and every evaluation is appended to the CSV at
 * once, so a long run can be watched (and survives an interruption).
 *
 * <p>CSV columns: {@code kind,step,loss,learning_rate,tokens_per_second,grad_norm,perplexity,token_accuracy};
 * {@code kind} is {@code train} (teacher-forced training loss with label smoothing) or {@code valid}
 * (validation loss without smoothing, perplexity, teacher-forced token accuracy).
 */
final class Progress implements TrainingListener, AutoCloseable {
    static final String HEADER = "kind,step,loss,learning_rate,tokens_per_second,grad_norm,perplexity,token_accuracy";

    private final PrintStream err;
    private final boolean live;
    private final BufferedWriter csv;
    private final long firstStep;
    private long lastDraw;
    private boolean lineOpen;
    private double smoothedLoss = Double.NaN;

    /**
     * @param firstStep the step the run starts from (0, or the checkpoint's step when resuming), for the time left
     * @param live      redraw one line (a terminal) rather than print periodic lines
     */
    Progress(Path metricsCsv, PrintStream err, boolean live, long firstStep) throws IOException {
        this.err = err;
        this.live = live;
        this.firstStep = firstStep;
        boolean fresh = !Files.exists(metricsCsv) || firstStep == 0;
        this.csv = Files.newBufferedWriter(metricsCsv, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                fresh ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        if (fresh) {
            csv.write(HEADER);
            csv.write('\n');
        }
    }

    /** True when stderr is the process's own and a terminal is attached. */
    static boolean isTerminal(PrintStream err) {
        return err == System.err && System.console() != null;
    }

    @Override
    public void onStep(StepEvent e) {
        write(String.format(Locale.ROOT, "train,%d,%.6g,%.6g,%.1f,%.6g,,", e.step(), e.loss(), e.learningRate(),
                e.tokensPerSecond(), e.gradNorm()));
        smoothedLoss = Double.isNaN(smoothedLoss) ? e.loss() : 0.9 * smoothedLoss + 0.1 * e.loss();
        long done = e.step() - firstStep;
        double eta = done <= 0 ? Double.NaN : e.elapsedSeconds() / done * (e.totalSteps() - e.step());
        if (live) {
            long now = System.nanoTime();
            if (now - lastDraw < 200_000_000L && e.step() != e.totalSteps()) {
                return;
            }
            lastDraw = now;
            int width = 24;
            int filled = (int) (width * e.step() / Math.max(1, e.totalSteps()));
            String bar = "=".repeat(filled) + (filled < width ? ">" + " ".repeat(width - filled - 1) : "");
            err.print(String.format(Locale.ROOT, "\rstep %d/%d [%s] loss %.4f  %.0f tok/s  ETA %s   ", e.step(),
                    e.totalSteps(), bar, smoothedLoss, e.tokensPerSecond(), duration(eta)));
            err.flush();
            lineOpen = true;
        } else {
            long every = Math.max(1, e.totalSteps() / 20);
            if (e.step() % every == 0 || e.step() == e.totalSteps() || done == 1) {
                err.println(String.format(Locale.ROOT, "step %d/%d  loss %.4f  lr %.2e  %.0f tok/s  grad norm %.2f"
                        + "  elapsed %s  ETA %s", e.step(), e.totalSteps(), smoothedLoss, e.learningRate(),
                        e.tokensPerSecond(), e.gradNorm(), duration(e.elapsedSeconds()), duration(eta)));
            }
        }
    }

    @Override
    public void onEvaluation(EvaluationEvent e) {
        Evaluation v = e.evaluation();
        write(String.format(Locale.ROOT, "valid,%d,%.6g,,,,%.6g,%.6g", e.step(), v.loss(), v.perplexity(),
                v.tokenAccuracy()));
        endLine();
        err.println("step " + e.step() + " validation (teacher forced): " + v);
    }

    /** Ends a redrawn progress line so the next message starts on its own line. */
    void endLine() {
        if (lineOpen) {
            err.println();
            lineOpen = false;
        }
    }

    private void write(String row) {
        try {
            csv.write(row);
            csv.write('\n');
            csv.flush();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void close() throws IOException {
        endLine();
        csv.close();
    }

    /**
     * Cuts {@code metrics.csv} back to the rows of steps up to {@code step}, atomically: what a run
     * wrote after its last checkpoint before it was killed. A resumed run takes those steps again
     * (exactly: Trainer), and appending to the old rows would record them twice, so that the loss
     * curve zig-zags back in time. A torn last line (a kill during the write) goes too.
     *
     * @return the rows removed (0 when there is no file, and then nothing is written)
     */
    static int truncate(Path metricsCsv, long step) throws IOException {
        return CsvSteps.truncate(metricsCsv, HEADER, step, Progress::rowStep);
    }

    /** The step of a complete train or valid row; Long.MAX_VALUE for anything else (a torn or foreign line). */
    private static long rowStep(String line) {
        String[] f = line.split(",", -1);
        if (f.length != 8 || !(f[0].equals("train") || f[0].equals("valid"))) {
            return Long.MAX_VALUE;
        }
        try {
            Double.parseDouble(f[2]);
            return Long.parseLong(f[1]);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** The history of a whole run (all sessions, when resumed) read back from its CSV, for the loss plot. */
    static History readHistory(Path metricsCsv, String name) throws IOException {
        History h = new History(name);
        List<String> lines = Files.readAllLines(metricsCsv, StandardCharsets.UTF_8);
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.split(",", -1);
            if (f.length < 8) {
                continue;
            }
            if (f[0].equals("train")) {
                h.step(Long.parseLong(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]));
            } else if (f[0].equals("valid")) {
                h.validation(Long.parseLong(f[1]), Double.parseDouble(f[2]));
            }
        }
        return h;
    }

    /** 75 -> "1m15s"; NaN -> "?". */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + String.format("%02d", s % 60) + "s";
        }
        return s / 3600 + "h" + String.format("%02d", s / 60 % 60) + "m";
    }
}
