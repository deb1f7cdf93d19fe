package org.attentionlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.attentionlab.notebooks.FigureBlocks;
import org.attentionlab.notebooks.LessonStats;
import org.attentionlab.notebooks.Lessons;

/**
 * {@code attention-lab notebooks build|check|import|stats}: the lessons' Markdown sources and the
 * notebooks built from them.
 */
final class NotebooksCommand implements Command {
    @Override
    public String name() {
        return "notebooks";
    }

    @Override
    public String summary() {
        return "build the notebooks from their Markdown sources, check that they agree, measure the lessons";
    }

    @Override
    public String usage() {
        return String.join("\n",
                "usage: attention-lab notebooks build|check [--dir DIR]",
                "       attention-lab notebooks import NOTEBOOK.ipynb [--dir DIR]",
                "       attention-lab notebooks stats [--dir DIR | FILE.md|FILE.ipynb...]",
                "",
                "Each lesson's source is DIR/src/NAME.md (default DIR: notebooks): Markdown with the Java cells",
                "as fenced ```java blocks, in jupytext's Markdown conventions. The notebook DIR/NAME.ipynb is built",
                "from it; a cell whose source did not change keeps its id and its published outputs.",
                "",
                "build   writes DIR/NAME.ipynb from every DIR/src/NAME.md",
                "check   exits 1, naming notebook and cell, when a notebook's cells differ from its source or a",
                "        notebook has no source, and naming file and line when a figure block in README.md,",
                "        DIR/README.md or docs/results.md differs from the published figures in docs/reports/NAME.json",
                "import  writes DIR/src/NAME.md from the cells of NOTEBOOK.ipynb (an edit made in Jupyter)",
                "stats   per lesson: code cells, the longest code cell, code and prose characters, prose/code");
    }

    @Override
    public int run(Options o, PrintStream out, PrintStream err) throws IOException {
        if (o.positional().isEmpty()) {
            throw new UsageException("missing sub-command: build, check, import or stats");
        }
        String sub = o.positional().get(0);
        Path dir = Path.of(o.string("dir", "notebooks"));
        List<String> args = o.positional().subList(1, o.positional().size());
        o.finish(true);
        if (!sub.equals("stats") || args.isEmpty()) {
            if (!Files.isDirectory(dir)) {
                throw new UsageException("no notebook directory " + dir.toAbsolutePath());
            }
        }
        Lessons lessons = new Lessons(dir);
        switch (sub) {
            case "build" -> {
                noArguments(sub, args);
                requireSources(lessons, dir);
                List<Path> changed = lessons.build();
                out.println("notebooks: built " + lessons.sources().size() + " notebooks, " + changed.size()
                        + " changed" + (changed.isEmpty() ? "" : ": " + changed));
                return 0;
            }
            case "check" -> {
                noArguments(sub, args);
                requireSources(lessons, dir);
                List<String> problems = new java.util.ArrayList<>(lessons.check());
                Path root = dir.toAbsolutePath().getParent();
                try {
                    for (FigureBlocks.Stale stale : FigureBlocks.checkAll(root)) {
                        problems.add(stale.toString() + " (regenerate: attention-lab reports --figures-only)");
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(e.getMessage());
                }
                for (String p : problems) {
                    err.println(p);
                }
                if (!problems.isEmpty()) {
                    err.println("notebooks: " + problems.size() + " difference(s); after editing a source run: "
                            + "attention-lab notebooks build");
                    return 1;
                }
                out.println("notebooks: " + lessons.sources().size() + " notebooks agree with their sources");
                return 0;
            }
            case "import" -> {
                if (args.size() != 1) {
                    throw new UsageException("notebooks import takes one notebook, got " + args.size());
                }
                Path nb = Path.of(args.get(0));
                if (!Files.isRegularFile(nb) || !nb.toString().endsWith(".ipynb")) {
                    throw new UsageException("no notebook " + nb.toAbsolutePath());
                }
                out.println("notebooks: wrote " + lessons.importNotebook(nb));
                return 0;
            }
            case "stats" -> {
                List<Path> files = new ArrayList<>();
                if (args.isEmpty()) {
                    files.addAll(lessons.sources());
                } else {
                    for (String a : args) {
                        Path p = Path.of(a);
                        if (!Files.isRegularFile(p)) {
                            throw new UsageException("no file " + p.toAbsolutePath());
                        }
                        files.add(p);
                    }
                }
                out.println(LessonStats.header());
                for (Path p : files) {
                    out.println(Lessons.stats(p).line());
                }
                return 0;
            }
            default -> throw new UsageException("unknown sub-command '" + sub + "': build, check, import or stats");
        }
    }

    private static void noArguments(String sub, List<String> args) {
        if (!args.isEmpty()) {
            throw new UsageException("notebooks " + sub + " takes no arguments, got " + args);
        }
    }

    private static void requireSources(Lessons lessons, Path dir) throws IOException {
        if (lessons.sources().isEmpty()) {
            throw new UsageException("no lesson sources in " + dir.resolve(Lessons.SOURCES).toAbsolutePath());
        }
    }
}
