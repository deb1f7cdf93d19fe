package org.attentionlab.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Executes every notebook headless through this kernel and writes {@code reports/NAME.html} (and
 * {@code NAME.json}, the figures the lesson recorded through {@code ATTENTION_LAB_FIGURES}): the
 * Java side of {@code attention-lab reports}.
 *
 * <p>It finds a Python with nbclient and nbconvert (installing Debian's packages on first use when
 * it may), installs the kernelspec into a private prefix under {@code target/jupyter} so nothing
 * needs a user install, and runs the committed {@code run_notebooks.py} with that prefix on
 * {@code JUPYTER_PATH}. With {@link Jobs} above one, the runner starts one worker process (and so one
 * fresh kernel) per notebook, up to that many at once, longest expected first.
 */
public final class Reports {
    /** Debian packages that provide what the runner imports. */
    public static final List<String> DEBIAN_PACKAGES = List.of("jupyter-nbconvert", "python3-nbclient",
            "jupyter-client", "python3-ipykernel");
    static final List<String> MODULES = List.of("nbformat", "nbclient", "nbconvert", "jupyter_client");

    /**
     * What to run: notebook directory, output directory (NAME.html, and NAME.json when the lesson
     * records figures), per-cell limit, name filters; when {@code executed} is set, the executed
     * notebooks (outputs included) go there too, a failing notebook's partial report goes to
     * {@code partial} instead of {@code out}, and the remaining notebooks still run after a failure.
     * {@code jobs} says how many notebooks run at once; when {@code timings} is set, the run's wall
     * time and each notebook's start and seconds are written there as JSON (see {@link CourseTimes}).
     */
    public record Request(Path notebooks, Path out, int cellTimeoutSeconds, List<String> only, Path executed,
                          Path partial, Jobs jobs, Path timings) {
        public Request {
            if (jobs == null) {
                jobs = Jobs.ONE;
            }
        }

        /** Reports only: nothing is written outside {@code out}, and the first failure stops the run. */
        public Request(Path notebooks, Path out, int cellTimeoutSeconds, List<String> only) {
            this(notebooks, out, cellTimeoutSeconds, only, null, null);
        }

        /** One notebook at a time, in name order, no timings file. */
        public Request(Path notebooks, Path out, int cellTimeoutSeconds, List<String> only, Path executed,
                       Path partial) {
            this(notebooks, out, cellTimeoutSeconds, only, executed, partial, Jobs.ONE, null);
        }

        /**
         * Publishing: each notebook that succeeds is written back over its source with its outputs
         * (so the repository's page, nbviewer and Binder show results), and its HTML and figures go to
         * {@code published}; a failing notebook changes none of these, its partial report goes to
         * {@code partial}.
         */
        public static Request publish(Path notebooks, Path published, Path partial, int cellTimeoutSeconds,
                                      List<String> only) {
            return new Request(notebooks, published, cellTimeoutSeconds, only, notebooks, partial);
        }

        /** This request with {@code jobs} notebooks at once. */
        public Request withJobs(Jobs jobs) {
            return new Request(notebooks, out, cellTimeoutSeconds, only, executed, partial, jobs, timings);
        }

        /** This request, writing the run's timings to {@code file}. */
        public Request withTimings(Path file) {
            return new Request(notebooks, out, cellTimeoutSeconds, only, executed, partial, jobs, file);
        }
    }

    /**
     * How many notebooks run at once, each in its own fresh kernel (one ND4J thread each, so one core
     * each). With more than one, the longest expected starts first: the expected times are the
     * {@code report_seconds} of {@code expected/NAME.json} (and a notebook's seconds in
     * {@code expected/course.json}), from the previous published run. {@code pin} gives each of the
     * {@code count} slots its own CPU.
     */
    public record Jobs(int count, boolean pin, Path expected) {
        /** Today's way: one notebook after another, in name order. */
        public static final Jobs ONE = new Jobs(1, false, null);

        public Jobs {
            if (count < 1) {
                throw new IllegalArgumentException("jobs must be at least 1, got " + count);
            }
        }
    }

    private final Path work;
    private final KernelSpecs.Launch launch;
    private final Map<String, String> env;
    private ProcessBuilder.Redirect output = ProcessBuilder.Redirect.INHERIT;

    /**
     * @param work   a private directory for the kernelspec and the runner script (e.g. {@code target/jupyter})
     * @param launch how to start the kernel's JVM
     * @param env    the environment of the runner and its kernels (usually {@link #environment()})
     */
    public Reports(Path work, KernelSpecs.Launch launch, Map<String, String> env) {
        this.work = work;
        this.launch = launch;
        this.env = env;
    }

    /** Sends the runner's output (progress, failures) to {@code file} instead of this process's streams. */
    public Reports outputTo(Path file) {
        this.output = ProcessBuilder.Redirect.to(file.toFile());
        return this;
    }

    /** Runs the notebooks; returns the runner's exit code (0 all written, 1 a cell failed). */
    public int run(Request r, PrintStream out, PrintStream err) throws IOException {
        Path python = python(out, err);
        Path kernels = KernelSpecs.prefixKernelsDir(work);
        KernelSpecs.install(kernels, KernelSpecs.DEFAULT_NAME, launch);
        Path script = extractRunner();
        List<String> cmd = new ArrayList<>(List.of(python.toString(), script.toString(),
                "--notebooks", r.notebooks().toString(), "--out", r.out().toString(),
                "--kernel", KernelSpecs.DEFAULT_NAME, "--cell-timeout", Integer.toString(r.cellTimeoutSeconds())));
        for (String o : r.only()) {
            cmd.add("--only");
            cmd.add(o);
        }
        if (r.executed() != null) {
            cmd.addAll(List.of("--executed", r.executed().toString(), "--keep-going"));
        }
        if (r.partial() != null) {
            cmd.addAll(List.of("--partial", r.partial().toString()));
        }
        if (r.jobs().count() != 1 || r.jobs().pin()) {
            cmd.addAll(List.of("--jobs", Integer.toString(r.jobs().count())));
        }
        if (r.jobs().pin()) {
            cmd.add("--pin");
        }
        if (r.jobs().expected() != null) {
            cmd.addAll(List.of("--expected", r.jobs().expected().toString()));
        }
        if (r.timings() != null) {
            cmd.addAll(List.of("--timings", r.timings().toString()));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(output).redirectErrorStream(output != ProcessBuilder.Redirect.INHERIT);
        if (output == ProcessBuilder.Redirect.INHERIT) {
            pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        }
        pb.environment().putAll(env);
        pb.environment().put("JUPYTER_PATH", jupyterPath(work, env.get("JUPYTER_PATH")));
        try {
            return pb.start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running notebooks", e);
        }
    }

    /** Our private data directory first, so its {@code java} kernelspec wins over any other. */
    static String jupyterPath(Path work, String existing) {
        String ours = work.resolve("share").resolve("jupyter").toAbsolutePath().toString();
        return existing == null || existing.isBlank() ? ours : ours + java.io.File.pathSeparator + existing;
    }

    private Path extractRunner() throws IOException {
        Path script = work.resolve("run_notebooks.py");
        Files.createDirectories(work);
        try (InputStream in = Reports.class.getResourceAsStream("run_notebooks.py")) {
            if (in == null) {
                throw new IOException("run_notebooks.py is missing from the jar; rebuild with mvn package");
            }
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        return script;
    }

    /** A Python with Jupyter's libraries, installing Debian's packages first if that is possible. */
    private Path python(PrintStream out, PrintStream err) throws IOException {
        Optional<Path> p = Pythons.withModules(env, MODULES);
        if (p.isPresent()) {
            return p.get();
        }
        List<String> apt = aptCommand();
        if (apt != null) {
            out.println("reports: installing Jupyter from Debian's packages (first use): " + String.join(" ", apt));
            ProcessBuilder pb = new ProcessBuilder(apt).inheritIO();
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            try {
                int rc = pb.start().waitFor();
                if (rc != 0) {
                    err.println("reports: apt-get exited with " + rc);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while installing packages", e);
            }
            p = Pythons.withModules(env, MODULES);
            if (p.isPresent()) {
                return p.get();
            }
        }
        throw new IOException("no Python with " + String.join(", ", MODULES) + " found (tried "
                + Pythons.candidates(env) + "). Install them: sudo apt-get install -y --no-install-recommends "
                + String.join(" ", DEBIAN_PACKAGES) + "  (or set " + Pythons.ENV + " to a Python that has them)");
    }

    /** apt-get install as root, or through passwordless sudo; null if neither is possible. */
    private List<String> aptCommand() {
        if (!Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            return null;
        }
        String script = "apt-get update -q && apt-get install -y -q --no-install-recommends "
                + String.join(" ", DEBIAN_PACKAGES);
        String user = Pythons.output(List.of("id", "-u"));
        if (user != null && user.strip().equals("0")) {
            return List.of("sh", "-c", script);
        }
        if (Pythons.exitCode(List.of("sudo", "-n", "true")) == 0) {
            return List.of("sudo", "-n", "sh", "-c", script);
        }
        return null;
    }

    /** The environment as a mutable map (tests pass their own). */
    public static Map<String, String> environment() {
        return new HashMap<>(System.getenv());
    }
}
