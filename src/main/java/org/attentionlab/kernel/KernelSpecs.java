package org.attentionlab.kernel;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes, finds and removes Jupyter kernelspecs for this kernel, without needing Jupyter itself
 * (it follows jupyter_core's directory rules on Linux).
 *
 * <p>A kernelspec here is a directory holding {@code kernel.json} and {@code kernel.sh}; the
 * script starts the JVM with {@code ATTENTION_LAB_KERNEL_OPTS} (or {@code ATTENTION_LAB_JAVA_OPTS})
 * because kernel.json cannot expand environment variables. The name defaults to {@code java} with
 * language {@code java}, which is what IJava notebooks record, so they open with this kernel.
 */
public final class KernelSpecs {
    public static final String DEFAULT_NAME = "java";
    public static final String DISPLAY_NAME = "Java (Attention Lab)";
    /** Marks our kernelspecs in kernel.json's metadata. */
    static final String MARKER = "attention_lab";
    private static final Pattern DISPLAY = Pattern.compile("\"display_name\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private KernelSpecs() {
    }

    /** A kernelspec found on disk. */
    public record Spec(String name, Path dir, String displayName, boolean ours) {
    }

    /** How to start the kernel's JVM: which java, with which class path (a jar or several entries). */
    public record Launch(Path java, String classPath) {
        /**
         * This JVM's java and class path (absolute). With {@code expand}, jar manifests' Class-Path
         * entries are listed too: needed when the JVM runs from a temporary booter jar (Surefire).
         */
        public static Launch ofThisJvm(boolean expand) {
            List<String> entries = expand ? ClassPaths.ofThisJvm() : new ArrayList<>();
            if (!expand) {
                for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
                    if (!e.isBlank()) {
                        entries.add(Path.of(e).toAbsolutePath().normalize().toString());
                    }
                }
            }
            return new Launch(Path.of(System.getProperty("java.home"), "bin", "java"),
                    String.join(File.pathSeparator, entries));
        }
    }

    /** {@code --user}: jupyter_core's user data directory. */
    public static Path userKernelsDir(Map<String, String> env) {
        String data = env.get("JUPYTER_DATA_DIR");
        if (data != null && !data.isBlank()) {
            return Path.of(data, "kernels");
        }
        String xdg = env.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("jupyter").resolve("kernels");
    }

    /** {@code --prefix DIR} (and {@code --sys-prefix}, with the Python's prefix). */
    public static Path prefixKernelsDir(Path prefix) {
        return prefix.resolve("share").resolve("jupyter").resolve("kernels");
    }

    /**
     * The {@code sys.prefix} of the Python that runs {@code jupyter} (a conda environment on Binder,
     * {@code /usr} with Debian's packages); falls back to {@code CONDA_PREFIX}.
     */
    public static Path sysPrefix(Map<String, String> env) throws IOException {
        Optional<Path> python = Pythons.ofJupyter(env);
        if (python.isPresent()) {
            String out = Pythons.output(List.of(python.get().toString(), "-c", "import sys; print(sys.prefix)"));
            if (out != null && !out.isBlank()) {
                return Path.of(out.strip());
            }
        }
        String conda = env.get("CONDA_PREFIX");
        if (conda != null && !conda.isBlank()) {
            return Path.of(conda);
        }
        throw new IOException("--sys-prefix: found no 'jupyter' on PATH to take sys.prefix from; use --user or --prefix DIR");
    }

    /** Where Jupyter looks for kernelspecs, first match wins (JUPYTER_PATH, user, system). */
    public static List<Path> searchPath(Map<String, String> env) {
        Set<Path> dirs = new LinkedHashSet<>();
        String jp = env.get("JUPYTER_PATH");
        if (jp != null) {
            for (String p : jp.split(File.pathSeparator)) {
                if (!p.isBlank()) {
                    dirs.add(Path.of(p, "kernels"));
                }
            }
        }
        dirs.add(userKernelsDir(env));
        String conda = env.get("CONDA_PREFIX");
        if (conda != null && !conda.isBlank()) {
            dirs.add(prefixKernelsDir(Path.of(conda)));
        }
        dirs.add(Path.of("/usr/local/share/jupyter/kernels"));
        dirs.add(Path.of("/usr/share/jupyter/kernels"));
        return new ArrayList<>(dirs);
    }

    /** Writes kernelspec {@code name} under {@code kernelsDir}, replacing one of that name; returns its directory. */
    public static Path install(Path kernelsDir, String name, Launch launch) throws IOException {
        checkName(name);
        Path dir = kernelsDir.resolve(name);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("kernel.json"), kernelJson(launch), StandardCharsets.UTF_8);
        Path script = dir.resolve("kernel.sh");
        Files.writeString(script, launcher(launch), StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: kernel.json runs the script through /bin/sh anyway
        }
        return dir;
    }

    /** Removes kernelspec {@code name} from {@code kernelsDir} if it is ours; returns whether it existed. */
    public static boolean uninstall(Path kernelsDir, String name) throws IOException {
        checkName(name);
        Path dir = kernelsDir.resolve(name);
        if (!Files.isRegularFile(dir.resolve("kernel.json"))) {
            return false;
        }
        if (!isOurs(dir)) {
            throw new IOException("kernelspec " + dir + " was not installed by attention-lab; not removing it");
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
        return true;
    }

    /** Every kernelspec in {@code dirs}; a name already seen in an earlier directory is shadowed and skipped. */
    public static List<Spec> list(List<Path> dirs) throws IOException {
        List<Spec> out = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (Path kernels : dirs) {
            if (!Files.isDirectory(kernels)) {
                continue;
            }
            try (Stream<Path> s = Files.list(kernels)) {
                for (Path d : s.sorted().toList()) {
                    Path json = d.resolve("kernel.json");
                    if (Files.isRegularFile(json) && seen.add(d.getFileName().toString())) {
                        Matcher m = DISPLAY.matcher(Files.readString(json, StandardCharsets.UTF_8));
                        out.add(new Spec(d.getFileName().toString(), d, m.find() ? m.group(1) : "?", isOurs(d)));
                    }
                }
            }
        }
        return out;
    }

    static boolean isOurs(Path dir) throws IOException {
        Path json = dir.resolve("kernel.json");
        return Files.isRegularFile(json) && Files.readString(json, StandardCharsets.UTF_8).contains("\"" + MARKER + "\"");
    }

    static String kernelJson(Launch launch) {
        return "{\n"
                + "  \"argv\": [\"/bin/sh\", \"{resource_dir}/kernel.sh\", \"{connection_file}\"],\n"
                + "  \"display_name\": \"" + DISPLAY_NAME + "\",\n"
                + "  \"language\": \"java\",\n"
                + "  \"interrupt_mode\": \"message\",\n"
                + "  \"env\": {},\n"
                + "  \"metadata\": {\"" + MARKER + "\": {\"java\": " + json(launch.java().toString())
                + ", \"class_path\": " + json(launch.classPath()) + "}}\n"
                + "}\n";
    }

    static String launcher(Launch launch) {
        return "#!/bin/sh\n"
                + "# Starts Attention Lab's Jupyter kernel; written by `attention-lab kernel install`.\n"
                + "#   ATTENTION_LAB_KERNEL_OPTS  JVM options for the kernel, e.g. \"-Xmx8g\" (default: ATTENTION_LAB_JAVA_OPTS)\n"
                + "#   OMP_NUM_THREADS            threads for ND4J's native ops (default 1)\n"
                + "export OMP_NUM_THREADS=\"${OMP_NUM_THREADS:-1}\"\n"
                + "opts=\"${ATTENTION_LAB_KERNEL_OPTS-${ATTENTION_LAB_JAVA_OPTS-}}\"\n"
                + "# The serial collector unless the options choose one (less resident memory on small machines).\n"
                + "case \"$opts\" in *-XX:+Use*GC*) ;; *) opts=\"-XX:+UseSerialGC $opts\" ;; esac\n"
                + "# shellcheck disable=SC2086\n"
                + "exec " + shellQuote(launch.java().toString()) + " $opts -cp "
                + shellQuote(launch.classPath()) + " org.attentionlab.cli.Main kernel run --connection-file \"$1\"\n";
    }

    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    static String json(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }

    private static void checkName(String name) {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("kernel name must be letters, digits, '.', '_' or '-', got '" + name + "'");
        }
    }

    /** Reads the first line of a file (a script's shebang), or null. */
    static String firstLine(Path file) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
            return r.readLine();
        } catch (IOException e) {
            return null;
        }
    }
}
