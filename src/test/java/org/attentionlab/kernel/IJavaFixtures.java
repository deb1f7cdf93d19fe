package org.attentionlab.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Third-party jars as IJava notebooks bring them, built from source in the test (javax.tools):
 * a package whose class names are the toolkit's, a stand-in for another version of gson (which
 * the kernel ships), and a library that finds its plugins reflectively in another jar.
 */
final class IJavaFixtures {
    /** What the stand-in gson's manifest and {@code standInVersion()} say. */
    static final String GSON_STAND_IN_VERSION = "0.1-notebook";

    private IJavaFixtures() {
    }

    /**
     * {@code org.clash}: Example, Trainer, Task, Batch, Vocabulary (as in the toolkit's packages),
     * Table (as in Tablesaw's {@code tech.tablesaw.api}), DataType (as ND4J's, imported singly by
     * the kernel) and Util with a static {@code display(Object)} (as the kernel's Notebook).
     */
    static Path clashJar(Path jar) throws IOException {
        Map<String, String> sources = new LinkedHashMap<>();
        for (String name : List.of("Example", "Trainer", "Task", "Batch", "Vocabulary", "Table")) {
            sources.put("org.clash." + name, "package org.clash;\npublic class " + name + " {\n"
                    + "  public String who() { return getClass().getName(); }\n}\n");
        }
        sources.put("org.clash.DataType", "package org.clash;\npublic enum DataType { WORDS, NUMBERS }\n");
        sources.put("org.clash.Util", "package org.clash;\npublic final class Util {\n"
                + "  public static String display(Object o) { return \"theirs: \" + o; }\n}\n");
        return jar(jar, sources, Map.of(), Map.of(), List.of());
    }

    /**
     * A jar standing in for another gson version: {@code com.google.gson.Gson} with a method real
     * gson lacks ({@code standInVersion()}), a {@code Bundle-Version} of {@value #GSON_STAND_IN_VERSION}
     * (real gson records its version there too), and {@code newInstanceOf(name)}, a reflective
     * lookup through gson's own class loader.
     */
    static Path gsonStandIn(Path jar) throws IOException {
        String gson = "package com.google.gson;\npublic final class Gson {\n"
                + "  public static String standInVersion() { return \"" + GSON_STAND_IN_VERSION + "\"; }\n"
                + "  public String toJson(Object o) { return \"stand-in:\" + o; }\n"
                + "  public static Object newInstanceOf(String name) throws Exception {\n"
                + "    return Class.forName(name).getDeclaredConstructor().newInstance();\n  }\n}\n";
        return jar(jar, Map.of("com.google.gson.Gson", gson), Map.of("Bundle-Version", GSON_STAND_IN_VERSION),
                Map.of(), List.of());
    }

    /**
     * {@code org.registry}: an interface {@code Greeter} and a {@code Registry} that finds
     * implementations by name ({@code Class.forName} with its own loader, and with the thread's
     * context loader) and as services ({@code ServiceLoader}, which uses the context loader).
     */
    static Path registryJar(Path jar) throws IOException {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("org.registry.Greeter", "package org.registry;\npublic interface Greeter { String greet(); }\n");
        sources.put("org.registry.Registry", "package org.registry;\n"
                + "import java.util.*;\n"
                + "public final class Registry {\n"
                + "  public static Greeter byName(String name) throws Exception {\n"
                + "    return (Greeter) Class.forName(name).getDeclaredConstructor().newInstance();\n  }\n"
                + "  public static Greeter byContextLoader(String name) throws Exception {\n"
                + "    ClassLoader l = Thread.currentThread().getContextClassLoader();\n"
                + "    return (Greeter) Class.forName(name, true, l).getDeclaredConstructor().newInstance();\n  }\n"
                + "  public static List<String> discovered() {\n"
                + "    List<String> out = new ArrayList<>();\n"
                + "    for (Greeter g : ServiceLoader.load(Greeter.class)) { out.add(g.greet()); }\n"
                + "    return out;\n  }\n}\n");
        return jar(jar, sources, Map.of(), Map.of(), List.of());
    }

    /** {@code org.plugin.Hello}, a {@code Greeter} registered as a service; needs the registry jar to build. */
    static Path pluginJar(Path jar, Path registry) throws IOException {
        String hello = "package org.plugin;\npublic final class Hello implements org.registry.Greeter {\n"
                + "  public String greet() { return \"hello from a plugin\"; }\n}\n";
        return jar(jar, Map.of("org.plugin.Hello", hello), Map.of(),
                Map.of("META-INF/services/org.registry.Greeter", "org.plugin.Hello\n"), List.of(registry));
    }

    /**
     * Compiles {@code sources} (binary name to source) against {@code classPath} into {@code jar},
     * with extra manifest attributes and resources (path to text).
     */
    static Path jar(Path jar, Map<String, String> sources, Map<String, String> manifest, Map<String, String> resources,
                    List<Path> classPath) throws IOException {
        Path work = Files.createTempDirectory(jar.getParent() == null ? Path.of(".") : createDirs(jar.getParent()),
                ".build-" + jar.getFileName());
        Path src = work.resolve("src");
        Path classes = work.resolve("classes");
        Files.createDirectories(classes);
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "--release", "17"));
        if (!classPath.isEmpty()) {
            args.add("-cp");
            args.add(String.join(java.io.File.pathSeparator, classPath.stream().map(Path::toString).toList()));
        }
        for (Map.Entry<String, String> s : sources.entrySet()) {
            Path file = src.resolve(s.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, s.getValue(), StandardCharsets.UTF_8);
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac.run(null, null, null, args.toArray(String[]::new)) != 0) {
            throw new IOException("javac failed on " + sources.keySet());
        }
        Manifest m = new Manifest();
        m.getMainAttributes().putValue("Manifest-Version", "1.0");
        manifest.forEach(m.getMainAttributes()::putValue);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
            for (Map.Entry<String, String> r : resources.entrySet()) {
                out.putNextEntry(new JarEntry(r.getKey()));
                out.write(r.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return jar;
    }

    private static Path createDirs(Path dir) throws IOException {
        return Files.createDirectories(dir);
    }
}
