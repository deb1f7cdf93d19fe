package org.attentionlab.kernel;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Builds small jars for tests: one class {@code fixture.NAME} whose {@code hello()} returns a message. */
final class TestJars {
    private TestJars() {
    }

    static Path greetingJar(Path dir, String simpleName, String message) throws IOException {
        Path src = dir.resolve("src").resolve("fixture");
        Files.createDirectories(src);
        Path java = src.resolve(simpleName + ".java");
        Files.writeString(java, "package fixture;\npublic class " + simpleName + " {\n"
                + "  public String hello() { return \"" + message + "\"; }\n}\n", StandardCharsets.UTF_8);
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", classes.toString(), java.toString());
        if (rc != 0) {
            throw new IOException("javac failed on " + java);
        }
        Path lib = dir.resolve("lib");
        Files.createDirectories(lib);
        Path jar = lib.resolve(simpleName.toLowerCase() + ".jar");
        Manifest m = new Manifest();
        m.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
            out.putNextEntry(new JarEntry("fixture/" + simpleName + ".class"));
            out.write(Files.readAllBytes(classes.resolve("fixture").resolve(simpleName + ".class")));
            out.closeEntry();
        }
        return jar;
    }

    /** A jar with only a manifest whose Class-Path names {@code entries}. */
    static Path manifestJar(Path jar, List<String> entries) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().putValue("Manifest-Version", "1.0");
        m.getMainAttributes().putValue("Class-Path", String.join(" ", entries));
        try (OutputStream f = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(f, m)) {
            out.flush();
        }
        return jar;
    }
}
