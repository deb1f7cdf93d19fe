package org.attentionlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.attentionlab.kernel.CourseTimes;
import org.attentionlab.kernel.KernelSpecs;
import org.attentionlab.kernel.Notebook;
import org.attentionlab.kernel.Reports;
import org.attentionlab.notebooks.FigureBlocks;

/**
 * {@code attention-lab reports}: executes every notebook headless and writes reports/NAME.html (and
 * NAME.json, the lesson's figures); {@code --publish} also writes the results into the repository
 * (notebooks with outputs, docs/reports/, the READMEs' figure blocks).
 */
final class ReportsCommand implements Command {
    private final Map<String, String> env;

    ReportsCommand() {
        this(System.getenv());
    }

    /** @param env the environment the quick setting is read from (tests pass their own) */
    ReportsCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public String name() {
        return "reports";
    }

    @Override
    public String summary() {
        return "execute every notebook in notebooks/ and write reports/NAME.html (--publish: into the repository)";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: attention-lab reports [--notebooks DIR] [--out DIR] [--cell-timeout SECONDS] [--only TEXT]",
                "                             [--jobs N [--pin]] [--publish | --figures-only | --check-figures]",
                "",
                "Executes each notebook in DIR (default notebooks/) through the kernel, in a fresh kernel and in the",
                "notebook's own directory, and writes an HTML report with plots inline to --out (default reports/),",
                "with NAME.json beside it when the lesson records figures (ATTENTION_LAB_FIGURES names the file).",
                "Stops at the first failing cell, naming the notebook, the cell's number and the error (the partial",
                "report is kept). Each cell may run --cell-timeout seconds (default 1800; 600 with ATTENTION_LAB_QUICK=1).",
                "--only TEXT runs the notebooks whose file name contains TEXT. Nothing outside --out changes.",
                "",
                "--jobs N (default 1: one after another, in name order) runs up to N notebooks at once, each in its own",
                "fresh kernel (one ND4J thread, so one core, each), the longest first by the times of the last publish",
                "(docs/reports/NAME.json, course.json); each output line starts with [NAME]. After a failing cell the",
                "running notebooks finish and no new one starts (with --publish all still run). --pin keeps each of the",
                "N slots on its own CPU (Linux). Recommended for the whole course on 2 cores: --publish --jobs 2.",
                "Every run writes its timings (wall time, --jobs, each notebook's start and seconds, its kernel's CPU",
                "seconds and peak resident memory) to --out/course.json.",
                "",
                "--publish (full setting only: refused when ATTENTION_LAB_QUICK is set) writes, for each notebook that",
                "succeeds, the executed notebook with its outputs over DIR/NAME.ipynb, and docs/reports/NAME.html and",
                "NAME.json (docs/ beside DIR); a failing notebook changes none of them (its partial report goes to --out)",
                "and the others still run. A publish of every notebook (no --only) that succeeds also writes",
                "docs/reports/course.json: the whole run's wall time, --jobs, each notebook's start and seconds.",
                "At the end it regenerates the figure blocks of README.md, notebooks/README.md and docs/results.md",
                "from docs/reports/*.json (the runs' figures there are written by attention-lab summarize).",
                "--figures-only regenerates those blocks without running anything; --check-figures lists the blocks",
                "whose text differs from docs/reports/*.json and exits 1 if there are any.",
                "",
                "ATTENTION_LAB_QUICK=1 shrinks the experiments (what CI runs); unset, they run at full size.",
                "First use installs the kernelspec into target/jupyter (no user install needed) and, as root or with",
                "passwordless sudo, Debian's Jupyter packages if they are missing.");
    }

    @Override
    public int run(Options o, PrintStream out, PrintStream err) throws IOException {
        Path notebooks = Path.of(o.string("notebooks", "notebooks"));
        Path reports = Path.of(o.string("out", "reports"));
        boolean quick = Notebook.quick(env);
        int timeout = o.integer("cell-timeout", quick ? 600 : 1800);
        String only = o.string("only", null);
        boolean publish = o.flag("publish");
        boolean figuresOnly = o.flag("figures-only");
        boolean checkFigures = o.flag("check-figures");
        int jobs = o.integer("jobs", 1);
        boolean pin = o.flag("pin");
        o.finish(false);
        if (jobs < 1) {
            throw new UsageException("--jobs must be at least 1, got " + jobs);
        }
        if ((publish ? 1 : 0) + (figuresOnly ? 1 : 0) + (checkFigures ? 1 : 0) > 1) {
            throw new UsageException("--publish, --figures-only and --check-figures exclude each other");
        }
        if (timeout <= 0) {
            throw new UsageException("--cell-timeout must be positive, got " + timeout);
        }
        if (!Files.isDirectory(notebooks)) {
            throw new UsageException("no notebook directory " + notebooks.toAbsolutePath());
        }
        Path root = notebooks.toAbsolutePath().normalize().getParent();
        if (figuresOnly) {
            return regenerateFigures(root, out, err);
        }
        if (checkFigures) {
            return checkFigures(root, out, err);
        }
        if (publish && quick) {
            // One line, no usage text: the command was right, the environment is not.
            err.println("attention-lab reports: --publish writes the full setting only; unset "
                    + Notebook.QUICK_ENV + " (it is '" + env.get(Notebook.QUICK_ENV) + "')");
            return 2;
        }
        KernelSpecs.Launch launch = KernelSpecs.Launch.ofThisJvm(false);
        Path work = privateJupyterDir(launch);
        Reports r = new Reports(work, launch, Reports.environment());
        out.println("reports: kernelspec in " + work + (quick ? " (quick setting)" : " (full setting)"));
        List<String> filter = only == null ? List.of() : List.of(only);
        Path publishedDir = root.resolve(FigureBlocks.PUBLISHED_REPORTS);
        Reports.Jobs schedule = new Reports.Jobs(jobs, pin, Files.isDirectory(publishedDir) ? publishedDir : null);
        if (!publish) {
            return r.run(new Reports.Request(notebooks, reports, timeout, filter).withJobs(schedule)
                    .withTimings(reports.toAbsolutePath().resolve(CourseTimes.FILE)), out, err);
        }
        if (reports.toAbsolutePath().normalize().equals(publishedDir.toAbsolutePath().normalize())) {
            throw new UsageException("--publish writes " + publishedDir + " itself; --out is for partial reports"
                    + " and the run's timings, so it must be another directory");
        }
        Path published = Files.createDirectories(publishedDir);
        Path timings = Files.createDirectories(reports).toAbsolutePath().resolve(CourseTimes.FILE);
        Files.deleteIfExists(timings); // an earlier run's timings must not pass for this one's
        int rc = r.run(Reports.Request.publish(notebooks, published, reports, timeout, filter).withJobs(schedule)
                .withTimings(timings), out, err);
        if (rc == 2) {
            return rc;
        }
        out.println("reports: " + CourseTimes.keep(timings, published, only == null));
        int figures = regenerateFigures(root, out, err);
        return rc != 0 ? rc : figures;
    }

    /** Rewrites the figure blocks from docs/reports; 1 with the block and figure named when one cannot be filled. */
    private static int regenerateFigures(Path root, PrintStream out, PrintStream err) throws IOException {
        try {
            List<Path> changed = FigureBlocks.regenerateAll(root);
            out.println("reports: figure blocks " + (changed.isEmpty() ? "unchanged" : "regenerated in " + changed));
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("attention-lab reports: " + e.getMessage());
            return 1;
        }
    }

    private static int checkFigures(Path root, PrintStream out, PrintStream err) throws IOException {
        try {
            List<FigureBlocks.Stale> stale = FigureBlocks.checkAll(root);
            for (FigureBlocks.Stale s : stale) {
                err.println(s);
            }
            out.println("reports: " + (stale.isEmpty() ? "every figure block matches docs/reports"
                    : stale.size() + " stale figure block(s); attention-lab reports --figures-only rewrites them"));
            return stale.isEmpty() ? 0 : 1;
        } catch (IllegalArgumentException e) {
            err.println("attention-lab reports: " + e.getMessage());
            return 1;
        }
    }

    /** target/jupyter beside the jar we run from (or under the working directory when run from classes). */
    private static Path privateJupyterDir(KernelSpecs.Launch launch) {
        String first = launch.classPath().split(java.io.File.pathSeparator)[0];
        Path p = Path.of(first);
        if (p.toString().endsWith(".jar") && p.getParent() != null) {
            return p.getParent().resolve("jupyter");
        }
        return Path.of("target", "jupyter").toAbsolutePath();
    }
}
