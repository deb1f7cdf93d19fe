package org.attentionlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parsers of the CMU dictionary, the Ding dictionary and tab-separated pairs, on small samples. */
class ParsersTest {
    static Path resource(String name) {
        try {
            return Path.of(ParsersTest.class.getResource("/data/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void cmuEntriesBecomePhonesWithStressOnVowelsFirstPronunciationWins() {
        List<Example> words = CmuDict.load(resource("cmudict-sample.out"));
        assertEquals(List.of(
                new Example("a", "ax0"),
                new Example("abandon", "ax0 b ae1 n d ax0 n"),
                new Example("bubba", "b ah1 b ax0"),
                new Example("cat", "k ae1 t"),
                new Example("strengths", "s t r eh1 ng k th s")), words);
    }

    @Test
    void cmuMalformedEntryNamesTheLine() {
        String text = "MNCL\n(\"cat\" n (((k ae t) 1)))\n(\"dog\" n ((d ao g\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CmuDict.parse(new BufferedReader(new StringReader(text)), "sample"));
        assertTrue(e.getMessage().startsWith("sample:3:"), e.getMessage());
    }

    @Test
    void dingKeepsAlignedRealSentencesWithoutAnnotations() throws IOException {
        List<Example> pairs = DingDictionary.load(resource("ding-sample.txt"), 60);
        assertEquals(List.of(
                new Example("Das Haus ist alt.", "The house is old."),
                new Example("Die Katze schläft auf dem Sofa.", "The cat is sleeping on the sofa."),
                new Example("Wo ist die Katze?", "Where is the cat?"),
                new Example("Der Hund bellt laut!", "The dog barks loudly!"),
                new Example("Der Zug kommt um 8 Uhr an.", "The train arrives at 8 o’clock."),
                new Example("Es ist neblig.", "It is foggy.")), pairs);
    }

    @Test
    void dingLengthLimitAppliesToEachSide() throws IOException {
        List<Example> pairs = DingDictionary.load(resource("ding-sample.txt"), 200);
        assertTrue(pairs.stream().anyMatch(p -> p.source().startsWith("Die Zeit vergeht")), pairs.toString());
        List<Example> short20 = DingDictionary.load(resource("ding-sample.txt"), 20);
        assertTrue(short20.stream().allMatch(p -> p.source().length() <= 20 && p.target().length() <= 20));
        assertEquals(List.of(new Example("Das Haus ist alt.", "The house is old."),
                new Example("Wo ist die Katze?", "Where is the cat?"),
                new Example("Es ist neblig.", "It is foggy.")), short20);
    }

    @Test
    void dingPhrasesAreTheOtherAlignedEntriesWithoutPlaceholdersFirstTranslationWins() throws IOException {
        List<Example> phrases = DingDictionary.phrases(resource("ding-sample.txt"), 60);
        assertEquals(List.of(
                new Example("Haus", "house"), new Example("Häuser", "houses"), new Example("Katze", "cat"),
                new Example("Hund", "dog"), new Example("Zug", "train"), new Example("Wetter", "weather"),
                new Example("schönes Wetter heute.", "nice weather today."), new Example("Zeit", "time"),
                new Example("Nebel", "fog")), phrases,
                "no sentence pairs, nothing with sth./etw. or a slash, no misaligned entry (Buch), Haus once");
        assertTrue(DingDictionary.phrases(resource("ding-sample.txt"), 5).stream()
                .allMatch(p -> p.source().length() <= 5 && p.target().length() <= 5));
    }

    @Test
    void dingCleanRemovesNestedAnnotations() {
        assertEquals("Er kommt.", DingDictionary.clean("Er kommt {v} (bald [ugs.]) <Abk.> ."));
    }

    @Test
    void tsvPairsSkipBlankLinesAndTheByteOrderMark() {
        assertEquals(List.of(new Example("hello world", "hallo welt"), new Example("the cat sleeps", "die katze schläft")),
                TsvPairs.load(resource("pairs.tsv")));
    }

    @Test
    void tsvMalformedLineNamesFileAndLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TsvPairs.load(resource("pairs-missing-tab.tsv")));
        assertTrue(e.getMessage().contains("pairs-missing-tab.tsv:2:") && e.getMessage().contains("two zwei"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> TsvPairs.parseLine("a\tb\tc", Path.of("f.tsv"), 9));
        assertTrue(e.getMessage().startsWith("f.tsv:9:") && e.getMessage().contains("a<TAB>b<TAB>c"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TsvPairs.parseLine("a\t ", Path.of("f.tsv"), 4));
        assertTrue(e.getMessage().contains("empty target"), e.getMessage());
    }

    @Test
    void tsvInvalidUtf8IsReportedWithTheFile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TsvPairs.load(resource("pairs-bad-utf8.tsv")));
        assertTrue(e.getMessage().contains("pairs-bad-utf8.tsv:") && e.getMessage().contains("UTF-8"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TsvPairs.load(Path.of("no/such/file.tsv")));
        assertTrue(e.getMessage().contains("no/such/file.tsv"), e.getMessage());
    }
}
