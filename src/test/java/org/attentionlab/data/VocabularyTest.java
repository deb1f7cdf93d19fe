package org.attentionlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocabularyTest {
    @TempDir
    Path dir;

    @Test
    void specialsHaveFixedIds() {
        Vocabulary v = Vocabulary.of(List.of("x", "y"));
        assertEquals(List.of("<pad>", "<bos>", "<end>", "<unk>", "x", "y"), v.tokens());
        assertEquals(0, v.id("<pad>"));
        assertEquals(1, v.id("<bos>"));
        assertEquals(2, v.id("<end>"));
        assertEquals(3, v.id("<unk>"));
        assertEquals(List.of(0, 1, 2, 3), List.of(Vocabulary.PAD, Vocabulary.BOS, Vocabulary.END, Vocabulary.UNK));
    }

    @Test
    void buildOrdersByFrequencyThenTokenAndAppliesLimits() {
        List<List<String>> text = List.of(List.of("b", "a", "c", "a"), List.of("c", "a", "d"));
        // a:3, c:2, b:1, d:1
        assertEquals(List.of("a", "c", "b", "d"), Vocabulary.build(text, 1, 0).tokens().subList(4, 8));
        assertEquals(List.of("a", "c"), Vocabulary.build(text, 2, 0).tokens().subList(4, 6));
        assertEquals(6, Vocabulary.build(text, 1, 6).size());
        assertEquals(Vocabulary.UNK, Vocabulary.build(text, 1, 6).id("b"));
    }

    @Test
    void encodeMapsUnknownToUnkAndDecodeStopsAtEnd() {
        Vocabulary v = Vocabulary.of(List.of("h", "i"));
        assertArrayEquals(new int[] {4, 5, 3}, v.encode(List.of("h", "i", "!")));
        assertEquals(List.of("h", "<unk>", "i"), v.decode(new int[] {1, 4, 3, 0, 5, 2, 4, 4}));
    }

    @Test
    void saveThenLoadGivesTheSameVocabularyEvenForOddTokens() throws IOException {
        Vocabulary v = Vocabulary.of(List.of(" ", "\t", "\\", "\n", "a\\nb", "ü", "😀", "#"));
        Path file = dir.resolve("sub/vocab.txt");
        v.save(file);
        Vocabulary back = Vocabulary.load(file);
        assertEquals(v, back);
        assertEquals(v.tokens(), back.tokens());
        assertEquals(v.size() + 1, Files.readAllLines(file).size());
    }

    @Test
    void loadRejectsAFileThatIsNotAVocabulary() throws IOException {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "hello\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Vocabulary.load(file));
        assertTrue(e.getMessage().contains("notes.txt") && e.getMessage().contains("not a vocabulary"), e.getMessage());
        Files.writeString(file, Vocabulary.HEADER + "\n<pad>\n<unk>\n");
        e = assertThrows(IllegalArgumentException.class, () -> Vocabulary.load(file));
        assertTrue(e.getMessage().contains("specials"), e.getMessage());
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.of(List.of("a", "a")));
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.of(List.of("<unk>")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Vocabulary.build(List.of(), 0, 0));
        assertTrue(e.getMessage().contains("minFrequency"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Vocabulary.of(List.of("a")).token(5));
        assertTrue(e.getMessage().contains("[0, 5)") && e.getMessage().contains("5"), e.getMessage());
    }
}
