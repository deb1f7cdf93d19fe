package org.attentionlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache logic of a bundle; the real download is tested by SpeechSynthesisTest with espeak-ng. */
class DebianBundleTest {
    private static final DebianBundle SAMPLE = new DebianBundle("tool", List.of("tool", "libtool-data"), "the tool");

    @TempDir
    Path cache;

    @Test
    void aCompleteCachedCopyIsUsedWithoutFetching() throws IOException {
        Path root = SAMPLE.root(cache);
        Files.createDirectories(root.resolve("usr/bin"));
        Files.write(root.resolveSibling("packages.txt"), List.of("tool 1.0-1", "libtool-data 1.0-1"));
        assertTrue(SAMPLE.isCached(cache));
        assertEquals(root, SAMPLE.fetch(cache, "no-such-apt-get", "dpkg-deb"));
        assertEquals(List.of("tool 1.0-1", "libtool-data 1.0-1"), SAMPLE.versions(cache));
    }

    @Test
    void anInterruptedFetchIsFetchedAgainAndFailuresNameThePackages() throws IOException {
        Files.createDirectories(SAMPLE.root(cache).resolve("usr/bin")); // unpacked, but no packages.txt
        assertFalse(SAMPLE.isCached(cache));
        DataUnavailableException e = assertThrows(DataUnavailableException.class,
                () -> SAMPLE.fetch(cache, "no-such-apt-get", "dpkg-deb"));
        String m = e.getMessage();
        assertTrue(m.contains("the tool") && m.contains("tool, libtool-data") && m.contains("apt-get download tool")
                && m.contains("sudo apt-get install tool"), m);
        assertEquals(List.of(), SAMPLE.versions(cache));
    }

    @Test
    void namesAndPackageListsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new DebianBundle("a/b", List.of("x"), "p"));
        assertThrows(IllegalArgumentException.class, () -> new DebianBundle("ok", List.of(), "p"));
    }
}
