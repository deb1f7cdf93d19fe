package org.attentionlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.attentionlab.kernel.KernelSpecs;
import org.attentionlab.kernel.Notebook;
import org.attentionlab.kernel.Reports;

/** {@code attention-lab reports}: executes every notebook headless and writes reports/NAME.html. */
final class ReportsCommand implements Command {
    @Override
    public String name() {
        return "reports";
    }

    @Override
    public String summary() {
        return "execute every notebook in notebooks/ and write reports/NAME.html";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: attention-lab reports [--notebooks DIR] [--out DIR] [--cell-timeout SECONDS] [--only TEXT]",
                "",
                "Executes each notebook in DIR (default notebooks/) through the kernel, in a fresh kernel and in the",
                "notebook's own directory, and writes an HTML report with plots inline to --out (default reports/).",
                "Stops at the first failing cell, naming the notebook, the cell's number and the error (the partial",
                "report is kept). Each cell may run --cell-timeout seconds (default 1800; 600 with ATTENTION_LAB_QUICK=1).",
                "--only TEXT runs the notebooks whose file name contains TEXT.",
                "",
                "ATTENTION_LAB_QUICK=1 shrinks the experiments (what CI runs); unset, they run at full size.",
                "First use installs the kernelspec into target/jupyter (no user install needed) and, as root or with",
                "passwordless sudo, Debian's Jupyter packages if they are missing.");
    }

    @Override
    public int run(Options o, PrintStream out, PrintStream err) throws IOException {
        Path notebooks = Path.of(o.string("notebooks", "notebooks"));
        Path reports = Path.of(o.string("out", "reports"));
        int timeout = o.integer("cell-timeout", Notebook.quick() ? 600 : 1800);
        String only = o.string("only", null);
        o.finish(false);
        if (timeout <= 0) {
            throw new UsageException("--cell-timeout must be positive, got " + timeout);
        }
        if (!Files.isDirectory(notebooks)) {
            throw new UsageException("no notebook directory " + notebooks.toAbsolutePath());
        }
        KernelSpecs.Launch launch = KernelSpecs.Launch.ofThisJvm(false);
        Path work = privateJupyterDir(launch);
        Reports r = new Reports(work, launch, Reports.environment());
        out.println("reports: kernelspec in " + work + (Notebook.quick() ? " (quick setting)" : " (full setting)"));
        return r.run(new Reports.Request(notebooks, reports, timeout, only == null ? List.of() : List.of(only)), out, err);
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
