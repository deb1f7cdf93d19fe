package org.attentionlab.speech;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * WAV files of 16-bit PCM: written mono, read mono or multi-channel (averaged to mono).
 *
 * <p>A WAV file is a RIFF container: {@code "RIFF" size "WAVE"}, then chunks of
 * {@code id (4 bytes) size (u32, little-endian) payload (padded to an even length)}. The {@code fmt }
 * chunk says the encoding (1 = PCM, or 0xFFFE "extensible" with a PCM sub-format), the number of
 * channels, the sample rate and the bits a sample; the {@code data} chunk holds the interleaved
 * little-endian samples. Other chunks ({@code LIST}, {@code fact}) are skipped.
 *
 * <p>A sample s becomes {@code s / 32768}, and is written back as {@code round(x * 32768)} clipped
 * to [-32768, 32767], so reading a written file gives the same 16-bit values bit for bit.
 * A program writing to a pipe cannot know the length beforehand; espeak-ng's {@code --stdout}
 * writes 0x7FFFF000 as the data size. A data chunk that claims more bytes than follow is read to
 * the end when its size is such a placeholder (at least 0x7FFF0000), and is an error otherwise.
 */
public final class WavFile {
    /** The most a sample's magnitude can be after conversion: 16-bit full scale. */
    public static final float FULL_SCALE = 32768f;

    private static final int PCM = 1;
    private static final int EXTENSIBLE = 0xFFFE;
    private static final long STREAMING_SIZE = 0x7FFF0000L;

    private WavFile() {
    }

    public static Waveform read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IOException("cannot read the WAV file " + file + ": " + e.getMessage(), e);
        }
        return decode(bytes, file.toString());
    }

    /**
     * Parses WAV bytes; {@code name} says in errors where they came from.
     *
     * @throws IOException when the bytes are not 16-bit PCM WAV, naming what is wrong
     */
    public static Waveform decode(byte[] bytes, String name) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12 || !tag(b, 0).equals("RIFF") || !tag(b, 8).equals("WAVE")) {
            throw new IOException(name + " is not a WAV file (no RIFF/WAVE header)");
        }
        int channels = 0;
        int rate = 0;
        int bits = 0;
        int pos = 12;
        while (pos + 8 <= bytes.length) {
            String id = tag(b, pos);
            long size = Integer.toUnsignedLong(b.getInt(pos + 4));
            int body = pos + 8;
            long available = bytes.length - body;
            if (id.equals("fmt ")) {
                if (size < 16 || size > available) {
                    throw new IOException(name + ": the WAV fmt chunk is " + size + " bytes, expected at least 16");
                }
                int format = Short.toUnsignedInt(b.getShort(body));
                channels = Short.toUnsignedInt(b.getShort(body + 2));
                rate = b.getInt(body + 4);
                bits = Short.toUnsignedInt(b.getShort(body + 14));
                if (format == EXTENSIBLE && size >= 26) {
                    format = Short.toUnsignedInt(b.getShort(body + 24)); // the sub-format GUID's first two bytes
                }
                if (format != PCM || bits != 16) {
                    throw new IOException(name + ": only 16-bit PCM WAV is supported, this one has format code "
                            + format + " and " + bits + " bits a sample (convert it, e.g. sox IN -b 16 -e signed OUT.wav)");
                }
                if (channels < 1 || rate <= 0) {
                    throw new IOException(name + ": the WAV fmt chunk says " + channels + " channels at " + rate + " Hz");
                }
            } else if (id.equals("data")) {
                if (channels == 0) {
                    throw new IOException(name + ": the WAV data chunk comes before its fmt chunk");
                }
                if (size > available) {
                    if (size < STREAMING_SIZE) {
                        throw new IOException(name + ": truncated WAV file: the data chunk says " + size
                                + " bytes but only " + available + " follow");
                    }
                    size = available;
                }
                int frames = (int) (size / (2L * channels));
                float[] samples = new float[frames];
                for (int i = 0; i < frames; i++) {
                    int sum = 0;
                    for (int c = 0; c < channels; c++) {
                        sum += b.getShort(body + 2 * (i * channels + c));
                    }
                    samples[i] = sum / (FULL_SCALE * channels);
                }
                return new Waveform(rate, samples);
            }
            pos = (int) Math.min(bytes.length, body + size + (size & 1));
        }
        throw new IOException(name + ": no " + (channels == 0 ? "fmt" : "data") + " chunk in the WAV file");
    }

    /** The waveform as a mono 16-bit PCM WAV file's bytes. */
    public static byte[] encode(Waveform wave) {
        int n = wave.length();
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {'R', 'I', 'F', 'F'}).putInt(36 + 2 * n).put(new byte[] {'W', 'A', 'V', 'E'});
        b.put(new byte[] {'f', 'm', 't', ' '}).putInt(16).putShort((short) PCM).putShort((short) 1)
                .putInt(wave.sampleRate()).putInt(2 * wave.sampleRate()).putShort((short) 2).putShort((short) 16);
        b.put(new byte[] {'d', 'a', 't', 'a'}).putInt(2 * n);
        for (float s : wave.samples()) {
            b.putShort(toPcm16(s));
        }
        return b.array();
    }

    /** Writes the waveform atomically (a temporary file moved into place), creating the folder. */
    public static void write(Path file, Waveform wave) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".partial");
        try {
            Files.write(tmp, encode(wave));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The 16-bit value a sample is stored as: rounded, clipped to the 16-bit range. */
    public static short toPcm16(float sample) {
        long v = Math.round((double) sample * FULL_SCALE);
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
    }

    /** The waveform with every sample rounded to what a 16-bit file holds. */
    public static Waveform quantize(Waveform wave) {
        float[] out = new float[wave.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = toPcm16(wave.samples()[i]) / FULL_SCALE;
        }
        return new Waveform(wave.sampleRate(), out);
    }

    private static String tag(ByteBuffer b, int pos) {
        if (pos + 4 > b.limit()) {
            return "";
        }
        byte[] t = new byte[4];
        b.get(pos, t);
        return new String(t, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
