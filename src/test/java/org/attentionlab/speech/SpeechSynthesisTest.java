package org.attentionlab.speech;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.attentionlab.data.DataUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * espeak-ng end to end. Skipped where espeak-ng is neither installed nor fetchable (no apt-get, or
 * no Debian mirror); CI installs it.
 */
class SpeechSynthesisTest {
    @TempDir
    Path cache;

    private EspeakNg engine() {
        try {
            return EspeakNg.locate(cache);
        } catch (DataUnavailableException e) {
            assumeTrue(false, "espeak-ng is neither installed nor fetchable: " + e.getMessage());
            throw e;
        }
    }

    private static List<Utterance> someUtterances(int n) {
        UtterancePlan plan = UtterancePlan.of(SpeechConfig.quick(), new WordSource.Numbers(999).words(Path.of("unused")));
        return plan.all().subList(0, n);
    }

    @Test
    void theSameSeedGivesTheSameAudioBitForBitWhateverTheThreads() throws IOException {
        EspeakNg espeak = engine();
        List<Utterance> us = someUtterances(6);
        Synthesizer a = new Synthesizer(espeak, cache.resolve("a"));
        Synthesizer b = new Synthesizer(espeak, cache.resolve("b"));
        assertEquals(6, a.ensure(us, 2, Synthesizer.Progress.NONE));
        assertEquals(6, b.ensure(us, 1, Synthesizer.Progress.NONE));
        assertEquals(0, a.ensure(us, 2, Synthesizer.Progress.NONE), "everything is cached now");
        for (Utterance u : us) {
            assertArrayEquals(Files.readAllBytes(a.file(u)), Files.readAllBytes(b.file(u)), u.fileName());
            Waveform w = a.load(u);
            assertEquals(16_000, w.sampleRate());
            assertTrue(w.seconds() > 0.3 && w.seconds() < 4, u.text() + ": " + w);
            assertTrue(w.peak() > 0.1, u.text() + " is audible: peak " + w.peak());
            assertTrue(a.file(u).toString().contains(espeak.cacheKey()), "cache path names the build");
        }
        // The noise seed matters: the same words with another seed differ.
        Utterance u = us.get(0);
        Utterance other = new Utterance(u.split(), u.index(), u.text(), u.voice(), u.rate(), u.pitch(), u.snrDb(),
                u.noiseSeed() + 1);
        assertFalse(java.util.Arrays.equals(a.render(u).samples(), a.render(other).samples()));
        assertTrue(espeak.version().matches("\\d+\\.\\d+.*"), espeak.version());
        assertEquals(12, espeak.fingerprint().length());
    }

    @Test
    void trimmingKeepsTheWordAndALittleSilence() {
        EspeakNg espeak = engine();
        Waveform raw = espeak.speak("seven", "en-us", 175, 50);
        Waveform trimmed = Synthesizer.trim(raw, Synthesizer.TRIM_DB, Synthesizer.MARGIN_SECONDS);
        assertTrue(trimmed.length() < raw.length() - 0.1 * raw.sampleRate(), "espeak-ng's trailing pause is cut: "
                + raw + " -> " + trimmed);
        assertEquals(raw.peak(), trimmed.peak(), 0);
        double threshold = raw.peak() * 0.01;
        int margin = (int) Math.round(Synthesizer.MARGIN_SECONDS * raw.sampleRate());
        int rawFirst = firstLoud(raw.samples(), threshold);
        // Sound starts where it did, or after exactly the margin; it ends exactly the margin before the end.
        assertEquals(Math.min(rawFirst, margin), firstLoud(trimmed.samples(), threshold));
        float[] s = trimmed.samples();
        int last = s.length - 1;
        while (Math.abs(s[last]) <= threshold) {
            last--;
        }
        assertEquals(margin, s.length - 1 - last);
    }

    private static int firstLoud(float[] s, double threshold) {
        int i = 0;
        while (Math.abs(s[i]) <= threshold) {
            i++;
        }
        return i;
    }

    @Test
    void aSmallDataSetLoadsTheSameTwice() {
        engine();
        SpeechConfig config = SpeechConfig.quick().withWordCount(20).withVoicesPerWord(1);
        SpeechDataset one = SpeechDataset.load(config, SpeechFeatures.defaults(), cache, 2, Synthesizer.Progress.NONE);
        SpeechDataset two = SpeechDataset.load(config, SpeechFeatures.defaults(), cache.resolve("other"), 1,
                Synthesizer.Progress.NONE);
        assertEquals(16, one.train().size());
        assertEquals(2, one.heldOut().size());
        for (String split : UtterancePlan.SPLITS) {
            for (int i = 0; i < one.part(split).size(); i++) {
                SpeechExample x = one.part(split).get(i);
                SpeechExample y = two.part(split).get(i);
                assertEquals(x.utterance(), y.utterance());
                assertArrayEquals(x.features(), y.features(), split + " " + i);
                assertTrue(x.positions() >= 10 && x.positions() <= 120, x.text() + ": " + x.positions() + " positions");
            }
        }
        assertArrayEquals(one.normalizer().mean(), two.normalizer().mean());
    }

    @Test
    void unknownVoicesAndBadTextAreClearErrors() {
        EspeakNg espeak = engine();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> espeak.speak("seven", "xx-nonesuch", 175, 50));
        assertTrue(e.getMessage().contains("no voice 'xx-nonesuch'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> espeak.speak("seven", "en-us; rm", 175, 50));
        assertThrows(IllegalArgumentException.class, () -> espeak.speak("", "en-us", 175, 50));
        assertThrows(IllegalArgumentException.class, () -> espeak.speak("seven", "en-us", 20, 50));
    }

    @Test
    void withoutEspeakNgOrAptGetTheErrorSaysWhatToInstall() {
        DataUnavailableException e = assertThrows(DataUnavailableException.class,
                () -> EspeakNg.locate(cache, List.of(), "no-such-apt-get", "dpkg-deb"));
        String m = e.getMessage();
        assertTrue(m.contains("espeak-ng is not installed") && m.contains("apt-get install espeak-ng")
                && m.contains("conda install -c conda-forge espeak-ng") && m.contains("apt-get download"), m);
    }

    /** Fetches Debian's packages (4.8 MB) into the cache and runs them without installing, where apt-get can. */
    @Test
    void theFetchedDebianPackagesSpeakLikeTheInstalledOnes() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/apt-get")) && Files.isExecutable(Path.of("/usr/bin/dpkg-deb")),
                "apt-get or dpkg-deb is not installed");
        EspeakNg fetched;
        try {
            fetched = EspeakNg.locate(cache, List.of(), "apt-get", "dpkg-deb"); // no PATH: never the installed one
        } catch (DataUnavailableException e) {
            // No mirror reachable (offline) is not a failure of ours; a later step failing is.
            assumeTrue(!e.getMessage().contains("step 'apt-get download"), e.getMessage());
            throw e;
        }
        assertTrue(fetched.origin().startsWith("unpacked"), fetched.origin());
        assertTrue(EspeakNg.BUNDLE.isCached(cache));
        assertEquals(5, EspeakNg.BUNDLE.versions(cache).size(), EspeakNg.BUNDLE.versions(cache).toString());
        Waveform w = fetched.speak("hello", "en-gb-x-rp+f2", 160, 40);
        assertTrue(w.seconds() > 0.2 && w.peak() > 0.1, w.toString());
        EspeakNg installed = EspeakNg.installed();
        if (installed != null && installed.version().equals(fetched.version())) {
            assertEquals(installed.fingerprint(), fetched.fingerprint(), "same build, same audio");
        }
        System.out.println("espeak-ng fetched: " + fetched + ", packages " + EspeakNg.BUNDLE.versions(cache));
    }
}
