package org.attentionlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
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
    void aBinaryFileIsNamedAsNotUtf8Text() throws Exception {
        // Before: "attention-lab bleu: Input length = 1".
        Path ref = Files.writeString(tmp.resolve("ref.txt"), "one two three four\nfive six\n");
        Path binary = Files.write(tmp.resolve("model.bin"), new byte[] {'o', 'k', '\n', 'x', (byte) 0xFF, 0, 1});
        TrainDecodeEvalTest.Result r = TrainDecodeEvalTest.cli("bleu", "--ref", ref.toString(), "--hyp", binary.toString());
        assertEquals(1, r.code(), r.err());
        assertEquals("attention-lab bleu: " + binary + " is not UTF-8 text: byte 0xFF on line 2 (offset 4) is not UTF-8; "
                + "is it a binary file, or text in another encoding?", r.err().strip());
        Path latin1 = Files.write(tmp.resolve("latin1.txt"), "caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        TrainDecodeEvalTest.Result l = TrainDecodeEvalTest.cli("bleu", "--ref", latin1.toString(), "--hyp", ref.toString());
        assertTrue(l.err().contains(latin1 + " is not UTF-8 text: byte 0xE9 on line 1"), l.err());
    }

    @Test
    void aDirectoryAnEmptyFileAndDevNullSayWhatTheyAre() throws Exception {
        // Before: a directory and /dev/null were "no such file", an empty file "... are empty" only when both were.
        Path ref = Files.writeString(tmp.resolve("ref.txt"), "one two three four\n");
        TrainDecodeEvalTest.Result dir = TrainDecodeEvalTest.cli("bleu", "--ref", tmp.toString(), "--hyp", ref.toString());
        assertEquals(2, dir.code(), dir.err());
        assertTrue(dir.err().startsWith("attention-lab bleu: option --ref: " + tmp + " is a directory"), dir.err());
        Path empty = Files.writeString(tmp.resolve("empty.txt"), "");
        TrainDecodeEvalTest.Result e = TrainDecodeEvalTest.cli("bleu", "--ref", ref.toString(), "--hyp", empty.toString());
        assertEquals(1, e.code(), e.err());
        assertEquals("attention-lab bleu: " + empty + " is empty: it needs one sentence a line", e.err().strip());
        if (Files.exists(Path.of("/dev/null"))) {
            TrainDecodeEvalTest.Result n = TrainDecodeEvalTest.cli("bleu", "--ref", "/dev/null", "--hyp", ref.toString());
            assertEquals(1, n.code(), n.err());
            assertTrue(n.err().contains("/dev/null is empty"), n.err());
        }
        TrainDecodeEvalTest.Result missing = TrainDecodeEvalTest.cli("bleu", "--ref", ref.toString(), "--hyp",
                tmp.resolve("nope.txt").toString());
        assertEquals(2, missing.code(), missing.err());
        assertTrue(missing.err().contains("option --hyp: no such file: " + tmp.resolve("nope.txt")), missing.err());
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
