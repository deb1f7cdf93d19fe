package org.attentionlab.speech;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavFileTest {
    @TempDir
    Path dir;

    @Test
    void writeThenReadGivesTheSameSixteenBitSamples() throws IOException {
        SplittableRandom r = new SplittableRandom(7);
        float[] s = new float[1001];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (r.nextDouble() * 2.2 - 1.1); // some beyond full scale, to be clipped
        }
        Waveform wave = new Waveform(16_000, s);
        Path f = dir.resolve("a.wav");
        WavFile.write(f, wave);
        Waveform back = WavFile.read(f);
        assertEquals(16_000, back.sampleRate());
        assertArrayEquals(WavFile.quantize(wave).samples(), back.samples());
        WavFile.write(dir.resolve("b.wav"), back);
        assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(dir.resolve("b.wav")), "a second round trip is exact");
        assertEquals(44 + 2 * 1001, Files.size(f));
        for (float v : back.samples()) {
            assertTrue(v >= -1 && v < 1);
        }
    }

    @Test
    void readsTheFixtureWrittenByPython() throws IOException {
        Waveform chirp = WavFile.read(LogMelTest.resource("chirp.wav"));
        assertEquals(16_000, chirp.sampleRate());
        assertEquals(8000, chirp.length());
        assertTrue(chirp.peak() > 0.5 && chirp.peak() < 0.75, "peak " + chirp.peak());
    }

    @Test
    void streamedSizeIsReadToTheEndButATruncatedFileIsAnError() throws IOException {
        byte[] bytes = WavFile.encode(new Waveform(22_050, new float[] {0.5f, -0.25f, 0}));
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(4, 0x7FFFF024).putInt(40, 0x7FFFF000); // what espeak-ng --stdout writes
        Waveform w = WavFile.decode(bytes, "stream");
        assertArrayEquals(new float[] {0.5f, -0.25f, 0}, w.samples());
        b.putInt(40, 100);
        IOException e = assertThrows(IOException.class, () -> WavFile.decode(bytes, "cut.wav"));
        assertTrue(e.getMessage().contains("cut.wav") && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void stereoIsAveragedAndOtherChunksAreSkipped() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + 4 + 8 + 16 + 8 + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(b.capacity() - 8).put("WAVE".getBytes());
        b.put("LIST".getBytes()).putInt(3).put(new byte[] {1, 2, 3, 0}); // odd size: padded to even
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 2).putInt(8000).putInt(32000)
                .putShort((short) 4).putShort((short) 16);
        b.put("data".getBytes()).putInt(8).putShort((short) 16384).putShort((short) 0).putShort((short) -32768)
                .putShort((short) -32768);
        Waveform w = WavFile.decode(b.array(), "stereo");
        assertEquals(8000, w.sampleRate());
        assertArrayEquals(new float[] {0.25f, -1f}, w.samples());
    }

    @Test
    void unsupportedEncodingsNameTheProblem() {
        byte[] bytes = WavFile.encode(new Waveform(16_000, new float[4]));
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putShort(20, (short) 3); // IEEE float
        IOException e = assertThrows(IOException.class, () -> WavFile.decode(bytes, "float.wav"));
        assertTrue(e.getMessage().contains("only 16-bit PCM") && e.getMessage().contains("format code 3"), e.getMessage());
        IOException notWav = assertThrows(IOException.class, () -> WavFile.decode("hello world!".getBytes(), "x.txt"));
        assertTrue(notWav.getMessage().contains("not a WAV file"), notWav.getMessage());
        IOException missing = assertThrows(IOException.class, () -> WavFile.read(dir.resolve("none.wav")));
        assertTrue(missing.getMessage().contains("none.wav"), missing.getMessage());
    }
}
