package org.attentionlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {
    @Test
    void charTokensAreCodePointsAndRoundTripExactly() {
        Tokenizer t = Tokenizer.chars();
        assertEquals(List.of("a", " ", "ü", "😀"), t.tokenize("a ü😀"));
        assertEquals("a  ü😀 ", t.detokenize(t.tokenize("a  ü😀 ")));
    }

    @Test
    void wordTokensSplitOnAnyWhitespace() {
        Tokenizer t = Tokenizer.words();
        assertEquals(List.of("Hello,", "world!"), t.tokenize("  Hello,\t world!\n"));
        assertEquals(List.of(), t.tokenize("   "));
        assertEquals("Hello, world!", t.detokenize(t.tokenize("Hello,   world!")));
    }

    @Test
    void punctuationIsSplitOffAndGluedBackOnDetokenising() {
        Tokenizer t = Tokenizer.wordsAndPunctuation();
        List<String> tokens = t.tokenize("Don't stop (now), it's 8 o’clock!");
        assertEquals(List.of("Don't", "stop", "(", "now", ")", ",", "it's", "8", "o’clock", "!"), tokens);
        assertEquals("Don't stop (now), it's 8 o’clock!", t.detokenize(tokens));
        assertEquals(List.of("Straße", "x-ray", "."), t.tokenize("Straße x-ray."));
    }

    @Test
    void forNameKnowsTheThreeTokenizers() {
        for (String n : List.of("char", "word", "word-punct")) {
            assertEquals(n, Tokenizer.forName(n).name());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tokenizer.forName("bpe"));
        assertTrue(e.getMessage().contains("bpe") && e.getMessage().contains("word-punct"), e.getMessage());
    }
}
