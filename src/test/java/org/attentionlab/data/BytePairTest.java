package org.attentionlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Byte-pair encoding: the learned merges against the independent Python reference
 * (src/test/python/bpe_reference.py, fixture src/test/resources/bpe/merges.txt), determinism, the
 * round trip of any text, and the vocabulary that makes {@code <unk>} impossible.
 */
class BytePairTest {
    static List<String> corpus;
    static BytePairTokenizer tokenizer;

    @BeforeAll
    static void learnFromTheFixtureCorpus() throws Exception {
        corpus = lines("bpe/corpus.txt");
        tokenizer = BytePairTokenizer.learn(corpus, 200, 0);
    }

    static List<String> lines(String resource) throws IOException, URISyntaxException {
        return Files.readAllLines(Path.of(BytePairTest.class.getClassLoader().getResource(resource).toURI()),
                StandardCharsets.UTF_8);
    }

    static List<String> asLines(List<BytePairModel.Pair> merges) {
        List<String> out = new ArrayList<>();
        for (BytePairModel.Pair p : merges) {
            out.add(p.left() + " " + p.right());
        }
        return out;
    }

    @Test
    void mergesEqualThePythonReference() throws Exception {
        List<String> reference = lines("bpe/merges.txt");
        assertEquals(424, reference.size(), "the reference stops where no pair occurs twice");
        // Past 424 no pair occurs twice: both stop there.
        assertEquals(reference, asLines(BytePairLearner.learn(corpus, 1000, 0).merges()));
        assertEquals(reference.subList(0, 300), asLines(BytePairLearner.learn(corpus, 300, 0).merges()));
    }

    @Test
    void learningIsDeterministicAndIgnoresTheOrderOfTexts() {
        BytePairModel a = BytePairLearner.learn(corpus, 300, 0);
        List<String> shuffled = new ArrayList<>(corpus);
        Collections.shuffle(shuffled, new Random(7));
        assertEquals(a, BytePairLearner.learn(corpus, 300, 0));
        assertEquals(a, BytePairLearner.learn(shuffled, 300, 0));
    }

    @Test
    void aVocabularySizeStopsTheMergesAtThatSize() {
        int base = Vocabulary.SPECIALS.size() + new BytePairModel(BytePairLearner.learn(corpus, 1, 0).alphabet(),
                List.of()).inventory().size();
        BytePairModel m = BytePairLearner.learn(corpus, 0, base + 150);
        assertEquals(base + 150, Vocabulary.SPECIALS.size() + m.inventory().size());
        assertThrows(IllegalArgumentException.class, () -> BytePairLearner.learn(corpus, 0, base - 1));
    }

    @Test
    void savedMergesLoadBackEqual(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("bpe.merges");
        tokenizer.model().save(f);
        BytePairTokenizer loaded = BytePairTokenizer.load(f);
        assertEquals(tokenizer.model(), loaded.model());
        assertEquals(tokenizer.tokenize(corpus.get(3)), loaded.tokenize(corpus.get(3)));
        Files.writeString(f, "a b\n");
        assertThrows(IllegalArgumentException.class, () -> BytePairTokenizer.load(f));
    }

    @Test
    void frequentWordsBecomeOneSymbolAndRareCharactersBytes() {
        assertEquals(List.of("house</w>"), tokenizer.tokenize("house"));
        assertEquals(List.of("<0xE2>", "<0x82>", "<0xAC></w>"), tokenizer.tokenize("€"), "never seen: its bytes");
        assertEquals(List.of("<0x3C></w>"), tokenizer.tokenize("<"), "'<' is always a byte");
        assertEquals(List.of(), tokenizer.tokenize(" \t\n "));
        assertEquals("", tokenizer.detokenize(List.of()));
    }

    @Test
    void detokenisingAModelsOutputAlwaysGivesText() {
        assertEquals("house <unk> hau", tokenizer.detokenize(List.of("house</w>", "<unk>", "hau")));
        assertEquals("\uFFFD", tokenizer.detokenize(List.of("<0xE2></w>")), "a cut character");
    }

    /** Characters from everywhere: seen and unseen, markers of the scheme, white space of several kinds. */
    static final String[] PIECES = {"a", "e", "n", "g", "h", "s", "er", "ing", "house", "Haus", " ", "  ", "\t",
        "\n", "\r\n", "\u00A0", "\u2003", "<", ">", "</w>", "<0x41>", "<unk>", "ß", "ü", "€", "😀", "𝔘", "中文",
        "\u0000", "\u0085", "\u200B", "e\u0301", "\uFEFF", "\\", "@@", "."};

    static String randomText(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(12);
        for (int i = 0; i < n; i++) {
            if (r.nextInt(4) == 0) {
                int cp;
                do {
                    cp = r.nextInt(3) == 0 ? r.nextInt(0x110000) : r.nextInt(0x3000);
                } while (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE);
                sb.appendCodePoint(cp);
            } else {
                sb.append(PIECES[r.nextInt(PIECES.length)]);
            }
        }
        return sb.toString();
    }

    /** The normalisation the class comment of BytePairTokenizer promises: runs of white space become one space. */
    static String normalised(String s) {
        return String.join(" ", BytePairTokenizer.words(s));
    }

    @Test
    void anyTextComesBackUpToWhiteSpaceAndNothingIsUnknown() {
        Vocabulary vocabulary = Vocabulary.covering(List.of(), tokenizer.model().inventory());
        Random r = new Random(20260115);
        for (int i = 0; i < 5_000; i++) {
            String text = i == 0 ? "" : randomText(r);
            List<String> tokens = tokenizer.tokenize(text);
            assertEquals(normalised(text), tokenizer.detokenize(tokens), "text '" + text + "' tokens " + tokens);
            for (int id : vocabulary.encode(tokens)) {
                assertTrue(id != Vocabulary.UNK, "'" + text + "' gave <unk> from " + tokens);
            }
        }
    }

    @Test
    void theNormalisationIsOnlyWhiteSpace() {
        assertEquals("a b c", normalised("  a \t b\n\nc  "));
        assertEquals("a\u00A0b", normalised("a\u00A0b"), "no-break space is not white space");
        String text = "  Grüße,\tStraße! 😀 <tag> a<b €5 ";
        assertEquals("Grüße, Straße! 😀 <tag> a<b €5", tokenizer.detokenize(tokenizer.tokenize(text)));
    }

    @Test
    void aTaskWithBpeLearnsFromTheTrainingPartAndCoversItsSymbols() {
        List<Example> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < corpus.size(); i += 2) {
            pairs.add(new Example(corpus.get(i), corpus.get(i + 1)));
        }
        TaskOptions o = TaskOptions.defaults().withTokenizer("bpe").withSubwords(new TaskOptions.Subwords(100, 0, true));
        Task task = Tasks.real("pairs", pairs, null, Tokenizer.words(), Tokenizer.words(), o);
        BytePairTokenizer source = (BytePairTokenizer) task.sourceTokenizer();
        assertTrue(source == task.targetTokenizer(), "joint: one set of merges");
        List<String> trainTexts = new ArrayList<>();
        for (Example e : task.train()) {
            trainTexts.add(e.source());
            trainTexts.add(e.target());
        }
        assertEquals(BytePairLearner.learn(trainTexts, 100, 0), source.model(), "learned from the training part only");
        for (Example e : task.test()) {
            for (int id : task.encodeTarget(e.target())) {
                assertTrue(id != Vocabulary.UNK);
            }
            assertEquals(normalised(e.target()), task.decodeTarget(task.encodeTarget(e.target())));
        }
        Task separate = Tasks.real("pairs", pairs, null, Tokenizer.words(), Tokenizer.words(),
                o.withSubwords(new TaskOptions.Subwords(100, 0, false)));
        assertFalse(separate.sourceTokenizer() == separate.targetTokenizer());
        assertThrows(IllegalArgumentException.class, () -> o.withVocabulary(2, 0, false));
    }
}
