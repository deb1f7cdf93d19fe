package org.attentionlab.speech;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class UtterancePlanTest {
    private static final List<String> NUMBERS = new WordSource.Numbers(999).words(Path.of("unused"));

    @Test
    void numbersAreSpelledTheAmericanWay() {
        assertEquals("zero", NumberWords.spell(0));
        assertEquals("fifteen", NumberWords.spell(15));
        assertEquals("forty two", NumberWords.spell(42));
        assertEquals("three hundred", NumberWords.spell(300));
        assertEquals("three hundred forty two", NumberWords.spell(342));
        assertEquals("seven thousand fifteen", NumberWords.spell(7015));
        assertEquals("nine hundred ninety nine thousand nine hundred ninety nine", NumberWords.spell(999_999));
        assertEquals(1000, NUMBERS.size(), "0-999 spelled are distinct");
        assertThrows(IllegalArgumentException.class, () -> NumberWords.spell(1_000_000));
    }

    @Test
    void sameSeedSamePlanOtherSeedOtherPlan() {
        SpeechConfig c = SpeechConfig.quick();
        assertEquals(UtterancePlan.of(c, NUMBERS).all(), UtterancePlan.of(c, NUMBERS).all());
        assertNotEquals(UtterancePlan.of(c, NUMBERS).all(), UtterancePlan.of(c.withSeed(2), NUMBERS).all());
    }

    @Test
    void testWordsAreUnheardInTrainingAndHeldOutRepeatsThemInTheNewVoice() {
        SpeechConfig c = SpeechConfig.defaults();
        UtterancePlan plan = UtterancePlan.of(c, NUMBERS);
        Set<String> train = words(plan.part("train"));
        Set<String> valid = words(plan.part("valid"));
        Set<String> test = words(plan.part("test"));
        assertEquals(800, train.size());
        assertEquals(100, valid.size());
        assertEquals(100, test.size());
        assertTrue(disjoint(train, valid) && disjoint(train, test) && disjoint(valid, test));
        assertEquals(3200, plan.part("train").size(), "800 words x 4 voices");
        assertEquals(test, words(plan.part("heldout")));
        assertEquals(100, plan.part("heldout").size());
        assertTrue(plan.part("heldout").stream().allMatch(u -> u.voice().equals(c.heldOutVoice())));
        for (String split : List.of("train", "valid", "test")) {
            Map<String, List<Utterance>> byWord = plan.part(split).stream().collect(Collectors.groupingBy(Utterance::text));
            for (List<Utterance> us : byWord.values()) {
                assertEquals(4, us.stream().map(Utterance::voice).distinct().count(), "4 different voices a word");
                assertTrue(us.stream().allMatch(u -> c.voices().contains(u.voice())));
            }
        }
        Set<String> files = new HashSet<>();
        for (Utterance u : plan.all()) {
            assertTrue(u.rate() >= 140 && u.rate() <= 200 && u.pitch() >= 35 && u.pitch() <= 65, u.toString());
            assertTrue(u.snrDb() >= 20 && u.snrDb() <= 30, u.toString());
            files.add(u.voice() + "/" + u.fileName());
        }
        assertEquals(plan.all().size(), files.size(), "every utterance has its own cache file");
        // Every seen voice is used in training, and evenly enough.
        Map<String, Long> perVoice = plan.part("train").stream().collect(Collectors.groupingBy(Utterance::voice,
                Collectors.counting()));
        assertEquals(6, perVoice.size());
        assertTrue(perVoice.values().stream().allMatch(n -> n > 400), perVoice.toString());
    }

    @Test
    void wordCountDrawsASubsetAndBadConfigsAreRefused() {
        UtterancePlan quick = UtterancePlan.of(SpeechConfig.quick(), NUMBERS);
        assertEquals(160, words(quick.part("train")).size());
        assertEquals(320, quick.part("train").size());
        assertEquals(20, quick.part("heldout").size());
        assertThrows(IllegalArgumentException.class, () -> SpeechConfig.defaults().withVoicesPerWord(7));
        assertThrows(IllegalArgumentException.class,
                () -> SpeechConfig.defaults().withVoices(List.of("en-us", "en-us+f4"), "en-us+f4"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UtterancePlan.of(SpeechConfig.defaults().withWordCount(3), NUMBERS));
        assertTrue(e.getMessage().contains("none for the test split"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WordSource.parse("letters"));
        assertEquals(new WordSource.Dictionary(4, 6), WordSource.parse("cmu:4-6"));
        assertEquals("numbers:99", WordSource.parse("numbers:99").spec());
    }

    private static Set<String> words(List<Utterance> us) {
        return us.stream().map(Utterance::text).collect(Collectors.toSet());
    }

    private static boolean disjoint(Set<String> a, Set<String> b) {
        return a.stream().noneMatch(b::contains);
    }
}
