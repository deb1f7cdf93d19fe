package org.attentionlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DebianPackageTest {
    private static final DebianPackage SAMPLE = new DebianPackage("festlex-cmu",
            "/usr/share/festival/dicts/cmu/cmudict-0.4.out", "the g2p data");

    @TempDir
    Path cache;

    @Test
    void missingAptGetNamesPackageStepAndRemedy() {
        DataUnavailableException e = assertThrows(DataUnavailableException.class,
                () -> SAMPLE.fetch(cache, "no-such-apt-get", "dpkg-deb", cache.resolve("no-root")));
        String m = e.getMessage();
        assertTrue(m.contains("festlex-cmu") && m.contains("apt-get download festlex-cmu")
                && m.contains("apt-get install festlex-cmu") && m.contains("cmudict-0.4.out"), m);
    }

    @Test
    void cachedFileWithMatchingChecksumIsUsedWithoutFetching() throws IOException {
        Path file = SAMPLE.cachedFile(cache);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "MNCL\n");
        Files.writeString(file.resolveSibling("cmudict-0.4.out.sha256"), DebianPackage.sha256(file) + "\n");
        assertEquals(file, SAMPLE.fetch(cache, "no-such-apt-get", "dpkg-deb", cache.resolve("no-root")));
    }

    @Test
    void corruptedCacheFileIsFetchedAgain() throws IOException {
        Path file = SAMPLE.cachedFile(cache);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "MNCL\n");
        Files.writeString(file.resolveSibling("cmudict-0.4.out.sha256"), "0".repeat(64) + "\n");
        // The checksum no longer matches, so it tries to download, which fails here with the tool missing.
        assertThrows(DataUnavailableException.class,
                () -> SAMPLE.fetch(cache, "no-such-apt-get", "dpkg-deb", cache.resolve("no-root")));
    }

    @Test
    void installedPackageFileIsUsedWhenNotCached() throws IOException {
        Path root = cache.resolve("root");
        Path installed = root.resolve("usr/share/festival/dicts/cmu/cmudict-0.4.out");
        Files.createDirectories(installed.getParent());
        Files.writeString(installed, "MNCL\n");
        assertEquals(installed, SAMPLE.fetch(cache.resolve("c"), "no-such-apt-get", "dpkg-deb", root));
    }

    @Test
    void tooFewEntriesFailVerificationNamingThePackage() throws IOException {
        // A file put into the cache by hand (no .sha256) is used, but its content is still counted.
        Path file = CmuDict.PACKAGE.cachedFile(cache);
        Files.createDirectories(file.getParent());
        Files.copy(ParsersTest.resource("cmudict-sample.out"), file);
        DataUnavailableException e = assertThrows(DataUnavailableException.class, () -> CmuDict.fetch(cache));
        assertTrue(e.getMessage().contains("festlex-cmu") && e.getMessage().contains("only 5 words"), e.getMessage());
    }

    /** Really fetches festlex-cmu (0.9 MB) with apt-get, where apt-get can reach a mirror. */
    @Test
    void fetchesAndParsesTheRealCmuDictionary() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/apt-get")) && Files.isExecutable(Path.of("/usr/bin/dpkg-deb")),
                "apt-get or dpkg-deb is not installed");
        long start = System.nanoTime();
        Path file;
        try {
            // A root without the installed file, so that this downloads even where the package is installed.
            file = CmuDict.PACKAGE.fetch(cache, "apt-get", "dpkg-deb", cache.resolve("no-root"));
        } catch (DataUnavailableException e) {
            // No mirror reachable (offline CI) is not a failure of ours; a later step failing is.
            assumeTrue(!e.getMessage().contains("step 'apt-get download"), e.getMessage());
            throw e;
        }
        List<Example> words = CmuDict.load(file);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(SAMPLE.cachedFile(cache), file);
        assertTrue(Files.exists(file.resolveSibling("cmudict-0.4.out.sha256")));
        assertTrue(words.size() >= CmuDict.MIN_WORDS, words.size() + " words");
        assertTrue(words.contains(new Example("abandon", "ax0 b ae1 n d ax0 n")), "abandon");
        System.out.printf("festlex-cmu: %d words, fetched and parsed in %.1f s%n", words.size(), seconds);
    }
}
