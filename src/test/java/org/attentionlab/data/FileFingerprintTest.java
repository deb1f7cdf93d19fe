package org.attentionlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileFingerprintTest {
    @TempDir
    Path tmp;

    private FileFingerprint of(String text) throws Exception {
        return FileFingerprint.of(Files.writeString(tmp.resolve("f.tsv"), text));
    }

    @Test
    void countsLinesAsAnEditorDoes() throws Exception {
        assertEquals(0, of("").lines());
        assertEquals(1, of("\n").lines());
        assertEquals(2, of("a\tb\nc\td\n").lines());
        assertEquals(2, of("a\tb\nc\td").lines(), "a last line without a newline counts");
        assertEquals(3, of("a\r\nb\r\n\n").lines());
    }

    @Test
    void theHashIsTheSha256OfTheBytes() throws Exception {
        // sha256sum of an empty file and of "abc"
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", of("").sha256());
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", of("abc").sha256());
        FileFingerprint one = of("a\tb\n");
        FileFingerprint other = of("a\tc\n");
        assertEquals(one.lines(), other.lines());
        assertNotEquals(one, other, "same line count, other content");
        assertEquals(one, of("a\tb\n"));
        assertTrue(one.describe().startsWith("1 line, SHA-256 "), one.describe());
    }

    @Test
    void aMissingFileIsOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FileFingerprint.of(tmp.resolve("gone.tsv")));
        assertEquals("data file not found: " + tmp.resolve("gone.tsv"), e.getMessage());
    }
}
