package org.attentionlab.kernel;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Finds the Python that has Jupyter's libraries. The {@code python3} first on PATH may be another
 * one (a pyenv build here); the interpreter named in the {@code jupyter} script's first line is the
 * one Jupyter runs on (Debian's {@code /usr/bin/python3}, a conda environment's python on Binder).
 */
final class Pythons {
    /** Overrides the search: the Python to run notebooks with. */
    static final String ENV = "ATTENTION_LAB_PYTHON";

    private Pythons() {
    }

    /** The interpreter of the {@code jupyter} command on PATH, if there is one. */
    static Optional<Path> ofJupyter(Map<String, String> env) {
        Optional<Path> jupyter = onPath("jupyter", env.getOrDefault("PATH", ""));
        if (jupyter.isEmpty()) {
            return Optional.empty();
        }
        String shebang = KernelSpecs.firstLine(jupyter.get());
        if (shebang == null || !shebang.startsWith("#!")) {
            return Optional.empty();
        }
        String[] words = shebang.substring(2).trim().split("\\s+");
        if (words.length == 0 || words[0].isEmpty()) {
            return Optional.empty();
        }
        if (words[0].endsWith("/env") && words.length > 1) {
            return onPath(words[1], env.getOrDefault("PATH", ""));
        }
        Path p = Path.of(words[0]);
        return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }

    /** Candidates in order: $ATTENTION_LAB_PYTHON, jupyter's interpreter, /usr/bin/python3, python3 on PATH. */
    static List<Path> candidates(Map<String, String> env) {
        Set<Path> out = new LinkedHashSet<>();
        String forced = env.get(ENV);
        if (forced != null && !forced.isBlank()) {
            out.add(Path.of(forced));
            return new ArrayList<>(out);
        }
        ofJupyter(env).ifPresent(out::add);
        Path debian = Path.of("/usr/bin/python3");
        if (Files.isExecutable(debian)) {
            out.add(debian);
        }
        onPath("python3", env.getOrDefault("PATH", "")).ifPresent(out::add);
        return new ArrayList<>(out);
    }

    /** The first candidate that can import every module in {@code modules}. */
    static Optional<Path> withModules(Map<String, String> env, List<String> modules) {
        String probe = "import " + String.join(", ", modules);
        for (Path p : candidates(env)) {
            if (exitCode(List.of(p.toString(), "-c", probe)) == 0) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    static Optional<Path> onPath(String name, String path) {
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Runs a short command; its exit code, or -1 if it could not run or took over a minute. */
    static int exitCode(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Runs a short command and returns its standard output, or null if it failed. */
    static String output(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return null;
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
