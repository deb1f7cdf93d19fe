package org.attentionlab.kernel;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The JVM's class path as a list of files, with jar manifests' {@code Class-Path} entries followed.
 *
 * <p>{@code java -jar attention-lab.jar} puts one jar in {@code java.class.path} and its
 * dependencies in that jar's manifest (Surefire does the same with a booter jar); JShell's compiler
 * needs each of them named, or a cell could not even see ND4J.
 */
final class ClassPaths {
    private ClassPaths() {
    }

    /**
     * Recognises the kernel's own class path entries wherever a notebook names them: the same file
     * (through links), or a jar of the same file name and size, as Maven's
     * {@code artifactId-version.jar} is both in {@code ~/.m2} and in {@code target/lib}.
     */
    record Index(Set<Path> files, Map<String, Long> jarSizes) {
        static Index of(List<String> entries) {
            Set<Path> files = new HashSet<>();
            Map<String, Long> sizes = new HashMap<>();
            for (String e : entries) {
                Path p = Path.of(e);
                files.add(real(p));
                if (Files.isRegularFile(p) && e.endsWith(".jar")) {
                    sizes.put(p.getFileName().toString(), size(p));
                }
            }
            return new Index(files, sizes);
        }

        /** Whether {@code entry} is one of the kernel's own entries (then the kernel's copy serves). */
        boolean holds(Path entry) {
            if (files.contains(real(entry))) {
                return true;
            }
            Long size = Files.isRegularFile(entry) ? jarSizes.get(entry.getFileName().toString()) : null;
            return size != null && size == size(entry);
        }

        private static Path real(Path p) {
            try {
                return p.toRealPath();
            } catch (IOException e) {
                return p.toAbsolutePath().normalize();
            }
        }

        private static long size(Path p) {
            try {
                return Files.size(p);
            } catch (IOException e) {
                return -1;
            }
        }
    }

    /** {@code java.class.path}, expanded. */
    static List<String> ofThisJvm() {
        return expand(System.getProperty("java.class.path", ""));
    }

    static List<String> expand(String classPath) {
        Set<String> out = new LinkedHashSet<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                add(Path.of(entry).toAbsolutePath().normalize(), out);
            }
        }
        return new ArrayList<>(out);
    }

    private static void add(Path p, Set<String> out) {
        if (!Files.exists(p) || !out.add(p.toString())) {
            return;
        }
        if (!Files.isRegularFile(p) || !p.toString().endsWith(".jar")) {
            return;
        }
        String manifestPath;
        try (JarFile jar = new JarFile(p.toFile())) {
            Manifest m = jar.getManifest();
            manifestPath = m == null ? null : m.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
        } catch (IOException e) {
            return; // not a readable jar: leave it as it is
        }
        if (manifestPath == null) {
            return;
        }
        Path base = p.getParent();
        for (String ref : manifestPath.trim().split("\\s+")) {
            if (ref.isEmpty()) {
                continue;
            }
            Path target;
            try {
                target = ref.startsWith("file:") ? Path.of(URI.create(ref)) : base.resolve(ref.replace('/', File.separatorChar));
            } catch (IllegalArgumentException e) {
                continue;
            }
            add(target.toAbsolutePath().normalize(), out);
        }
    }
}
