package org.attentionlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code %maven} shows a live line of what it downloads, and a summary at the end; a resolution
 * served from the local repository shows nothing. The remote repository is a directory
 * ({@code file:} URL) holding a library and its dependency, built here; the local one starts empty.
 */
class MavenProgressTest {
    @TempDir
    Path dir;

    /** A remote repository with org.fixture:lib:1.0, which depends on org.fixture:dep:1.0; returns its jar+pom bytes. */
    static long remote(Path repo) throws Exception {
        long bytes = 0;
        bytes += artifact(repo, "dep", "");
        bytes += artifact(repo, "lib", "<dependencies><dependency><groupId>org.fixture</groupId>"
                + "<artifactId>dep</artifactId><version>1.0</version></dependency></dependencies>");
        return bytes;
    }

    private static long artifact(Path repo, String name, String dependencies) throws Exception {
        Path d = Files.createDirectories(repo.resolve("org/fixture/" + name + "/1.0"));
        Path jar = IJavaFixtures.jar(d.resolve(name + "-1.0.jar"), Map.of("org.fixture." + name + ".Thing",
                "package org.fixture." + name + ";\npublic class Thing {}\n"), Map.of(), Map.of(), List.of());
        Path pom = d.resolve(name + "-1.0.pom");
        Files.writeString(pom, "<project><modelVersion>4.0.0</modelVersion><groupId>org.fixture</groupId>"
                + "<artifactId>" + name + "</artifactId><version>1.0</version>" + dependencies + "</project>",
                StandardCharsets.UTF_8);
        return Files.size(jar) + Files.size(pom);
    }

    /** A Magics whose host records the live lines and the class path additions. */
    private record Recorder(List<String> lines, List<String> added) implements Magics.Host {
        Recorder() {
            this(Collections.synchronizedList(new ArrayList<>()), new ArrayList<>());
        }

        @Override
        public void addToClasspath(List<String> entries) {
            added.addAll(entries);
        }

        @Override
        public Object evalFile(String code, String label) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Path workingDirectory() {
            return Path.of("");
        }

        @Override
        public Consumer<String> liveLine() {
            return lines::add;
        }
    }

    @Test
    void mavenShowsArtifactsAndBytesWhileItDownloadsAndASummaryAtTheEnd() throws Exception {
        Path remote = dir.resolve("remote");
        long bytes = remote(remote);
        MavenResolver resolver = new MavenResolver(dir.resolve("local"));
        Recorder host = new Recorder();
        Magics magics = new Magics(host, resolver);
        magics.line("mavenRepo", List.of("fixtures", remote.toUri().toString()));
        magics.line("maven", List.of("org.fixture:lib:1.0"));

        assertEquals(2, host.added().size(), host.added().toString());
        assertTrue(host.lines().size() >= 3, host.lines().toString());
        assertTrue(host.lines().stream().anyMatch(l -> l.matches("%maven: .*; now (lib|dep)-1\\.0\\.(jar|pom) .*")),
                "a line names the download under way: " + host.lines());
        String summary = host.lines().get(host.lines().size() - 1);
        Matcher m = Pattern.compile("%maven: 4 artifacts, 4 files downloaded \\((.+)\\) in \\d+\\.\\d s").matcher(summary);
        assertTrue(m.matches(), summary);
        assertEquals(MavenProgress.size(bytes), m.group(1), "the two jars and two POMs");

        // Again, now from the local repository: nothing to download, nothing shown.
        Recorder again = new Recorder();
        new Magics(again, resolver).line("maven", List.of("org.fixture:lib:1.0"));
        assertEquals(2, again.added().size());
        assertEquals(List.of(), again.lines());
    }

    @Test
    void sizesReadAsPeopleReadThem() {
        assertEquals("900 B", MavenProgress.size(900));
        assertEquals("1.5 KB", MavenProgress.size(1536));
        assertEquals("2.0 MB", MavenProgress.size(2L * 1024 * 1024));
    }
}
