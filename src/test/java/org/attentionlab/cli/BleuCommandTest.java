package org.attentionlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BleuCommandTest {
    @TempDir
    Path tmp;

    @Test
    void printsCorpusBleuOfTwoFiles() throws Exception {
        Path ref = Files.writeString(tmp.resolve("ref.txt"),
                "the cat sat on the mat today\na quick brown fox jumps over the lazy dog\n");
        Path hyp = Files.writeString(tmp.resolve("hyp.txt"),
                "the cat sat on a mat today\na quick brown fox jumped over the lazy dog\n");
        TrainDecodeEvalTest.Result r = TrainDecodeEvalTest.cli("bleu", "--ref", ref.toString(), "--hyp", hyp.toString());
        assertEquals(0, r.code(), r.err());
        // NLTK: 100 * corpus_bleu([[r.split()] for r in refs], [h.split() for h in hyps]) = 55.33409598501608
        assertEquals("55.33", r.out().strip());
        TrainDecodeEvalTest.Result same = TrainDecodeEvalTest.cli("bleu", "--ref", ref.toString(), "--hyp", ref.toString());
        assertEquals("100.00", same.out().strip());
    }

    @Test
    void differentLineCountsNameBothFiles() throws Exception {
        Path ref = Files.writeString(tmp.resolve("ref.txt"), "one two three four\nfive six seven eight\n");
        Path hyp = Files.writeString(tmp.resolve("hyp.txt"), "one two three four\n");
        TrainDecodeEvalTest.Result r = TrainDecodeEvalTest.cli("bleu", "--ref", ref.toString(), "--hyp", hyp.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains(ref + " has 2 lines") && r.err().contains(hyp + " has 1"), r.err());
    }
}
