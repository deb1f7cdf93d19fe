package org.attentionlab.kernel;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Expands IJava-style path globs ({@code lib/*.jar}, {@code build/**}{@code /*.jar}, {@code a?.jar})
 * relative to a base directory (the notebook's), in sorted order.
 */
final class Globs {
    private Globs() {
    }

    static boolean isGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
    }

    /** The existing files matching {@code pattern}; a plain path gives itself if it exists. */
    static List<Path> expand(String pattern, Path base) throws IOException {
        String p = pattern.startsWith("~/") ? System.getProperty("user.home") + pattern.substring(1) : pattern;
        if (!isGlob(p)) {
            Path path = base.resolve(p).normalize();
            return Files.exists(path) ? List.of(path) : List.of();
        }
        // The root to walk from is the longest leading part without glob characters.
        String[] segments = p.split("/", -1);
        StringBuilder fixed = new StringBuilder(p.startsWith("/") ? "/" : "");
        int i = 0;
        for (; i < segments.length - 1 && !isGlob(segments[i]); i++) {
            if (!segments[i].isEmpty()) {
                fixed.append(segments[i]).append('/');
            }
        }
        Path root = base.resolve(fixed.toString()).normalize();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        boolean deep = p.contains("**");
        int depth = deep ? Integer.MAX_VALUE : segments.length - i;
        String rest = String.join("/", java.util.Arrays.copyOfRange(segments, i, segments.length));
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
        List<Path> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root, depth)) {
            walk.filter(x -> !x.equals(root))
                    .filter(x -> matcher.matches(root.relativize(x)))
                    .sorted()
                    .forEach(out::add);
        }
        return out;
    }
}
