package org.attentionlab.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.eclipse.aether.resolution.DependencyResolutionException;

/**
 * IJava's magics, with IJava's syntax, so notebooks written for IJava run unchanged:
 * <ul>
 *   <li>{@code %jars PATH...} adds jars (globs allowed, relative to the notebook's directory);
 *   <li>{@code %classpath PATH...} adds jars or class directories;
 *   <li>{@code %maven COORDS...} (alias {@code %addMavenDependencies}) resolves Maven artifacts with
 *       their dependencies and adds them;
 *   <li>{@code %mavenRepo ID URL} adds a repository for later {@code %maven}s;
 *   <li>{@code %load FILE} runs a {@code .jsh} or {@code .java} file as if it were a cell;
 *   <li>{@code %%loadFromPOM} takes the cell's POM XML (a whole pom or its dependency and repository
 *       elements) and adds what it declares.
 * </ul>
 * and one of this kernel's own: {@code %logs cells|kernel} shows library logging in cells, or sends
 * it back to the kernel's log (the default; see {@link KernelLogging}).
 * An unknown magic is an error that names it and lists the known ones.
 */
final class Magics {
    /** What magics act on: the class path, the code evaluator, the directory paths are relative to. */
    interface Host {
        void addToClasspath(List<String> entries);

        Object evalFile(String code, String label);

        Path workingDirectory();

        /**
         * A fresh live line under the cell: its first call shows the text, later calls redraw it in
         * place (they may come from other threads).
         */
        Consumer<String> liveLine();
    }

    private static final List<String> LINE_MAGICS =
            List.of("jars", "classpath", "maven", "addMavenDependencies", "mavenRepo", "load", "logs");
    private static final List<String> CELL_MAGICS = List.of("loadFromPOM");

    private final Host host;
    private final MavenResolver maven;

    Magics(Host host, MavenResolver maven) {
        this.host = host;
        this.maven = maven;
    }

    static List<String> lineMagicNames() {
        return LINE_MAGICS;
    }

    static List<String> cellMagicNames() {
        return CELL_MAGICS;
    }

    /** Runs a line magic; returns its value (only {@code %load} has one) or null. */
    Object line(String name, List<String> args) {
        try {
            switch (name) {
                case "jars":
                    host.addToClasspath(files(name, args, true));
                    return null;
                case "classpath":
                    host.addToClasspath(files(name, args, false));
                    return null;
                case "maven":
                case "addMavenDependencies":
                    requireArgs(name, args, "group:artifact:version ...");
                    host.addToClasspath(strings(withProgress(p -> maven.resolveCoordinates(args, p))));
                    return null;
                case "mavenRepo":
                    if (args.size() != 2) {
                        throw new CellException.MagicError("%mavenRepo takes an id and a URL, e.g. "
                                + "%mavenRepo jitpack https://jitpack.io; got " + args.size() + " arguments");
                    }
                    maven.addRepository(args.get(0), args.get(1));
                    return null;
                case "load":
                    return load(args);
                case "logs":
                    logs(args);
                    return null;
                default:
                    throw unknown("%", name, LINE_MAGICS);
            }
        } catch (DependencyResolutionException e) {
            throw new CellException.MagicError("%" + name + ": could not resolve " + String.join(" ", args)
                    + ": " + e.getMessage());
        } catch (IOException | IllegalArgumentException e) {
            throw new CellException.MagicError("%" + name + ": " + e.getMessage());
        }
    }

    /** Runs a cell magic on its body. */
    Object cell(String name, List<String> args, String body) {
        if (!name.equals("loadFromPOM")) {
            throw unknown("%%", name, CELL_MAGICS);
        }
        try {
            PomFragment pom = PomFragment.parse(body);
            for (Map.Entry<String, String> r : pom.repositories().entrySet()) {
                maven.addRepository(r.getKey(), r.getValue());
            }
            host.addToClasspath(strings(withProgress(p -> maven.resolve(pom.dependencies(), p))));
            return null;
        } catch (DependencyResolutionException e) {
            throw new CellException.MagicError("%%loadFromPOM: could not resolve the dependencies: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new CellException.MagicError(e.getMessage().startsWith("%%") ? e.getMessage()
                    : "%%loadFromPOM: " + e.getMessage());
        }
    }

    private static void logs(List<String> args) {
        if (args.size() != 1 || !(args.get(0).equals("cells") || args.get(0).equals("kernel"))) {
            throw new CellException.MagicError("%logs takes 'cells' (show library logging in cells) or 'kernel' "
                    + "(send it to the kernel's log, the default), got '" + String.join(" ", args) + "'");
        }
        KernelLogging logging = KernelLogging.installed();
        if (logging != null) { // null only in an in-process kernel (tests), whose logging is left as it is
            logging.showInCells(args.get(0).equals("cells"));
        }
    }

    private interface Resolution {
        List<Path> run(MavenProgress progress) throws DependencyResolutionException;
    }

    /** Runs a resolution with a live line of its downloads, closed with a summary if it was shown. */
    private List<Path> withProgress(Resolution resolution) throws DependencyResolutionException {
        Consumer<String> line = host.liveLine();
        MavenProgress progress = new MavenProgress(line);
        try {
            return resolution.run(progress);
        } finally {
            if (progress.shown()) {
                line.accept(progress.summary());
            }
        }
    }

    private Object load(List<String> args) throws IOException {
        if (args.size() != 1) {
            throw new CellException.MagicError("%load takes one file (.jsh or .java), got " + args.size() + " arguments");
        }
        Path file = host.workingDirectory().resolve(args.get(0)).normalize();
        if (!Files.isRegularFile(file)) {
            throw new CellException.MagicError("%load: no such file: " + file);
        }
        String code = Files.readString(file, StandardCharsets.UTF_8);
        return host.evalFile(code, "file " + file.getFileName());
    }

    private List<String> files(String magic, List<String> args, boolean jarsOnly) throws IOException {
        requireArgs(magic, args, jarsOnly ? "PATH.jar ... (globs allowed)" : "PATH ... (jars or directories)");
        List<String> out = new ArrayList<>();
        for (String a : args) {
            List<Path> matches = Globs.expand(a, host.workingDirectory());
            if (jarsOnly) {
                matches = matches.stream().filter(p -> Files.isRegularFile(p)).toList();
            }
            if (matches.isEmpty()) {
                throw new CellException.MagicError("%" + magic + ": nothing matches '" + a + "' (relative to "
                        + host.workingDirectory() + ")");
            }
            for (Path p : matches) {
                out.add(p.toAbsolutePath().normalize().toString());
            }
        }
        return out;
    }

    private static void requireArgs(String magic, List<String> args, String usage) {
        if (args.isEmpty()) {
            throw new CellException.MagicError("%" + magic + " needs arguments: %" + magic + " " + usage);
        }
    }

    private static List<String> strings(List<Path> paths) {
        return paths.stream().map(Path::toString).toList();
    }

    private static CellException unknown(String prefix, String name, List<String> known) {
        TreeSet<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        known.forEach(k -> names.add(prefix + k));
        return new CellException.MagicError("Unknown " + (prefix.equals("%") ? "line" : "cell") + " magic "
                + prefix + name + " (this kernel knows " + String.join(", ", names) + ")");
    }
}
