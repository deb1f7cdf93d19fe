package org.attentionlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzed {@code source<TAB>target} files and lines (issue 17): whatever the bytes, {@link TsvPairs}
 * either returns exactly the pairs of the non-blank lines or throws an IllegalArgumentException
 * whose message is one line naming the file (and the line, where one is at fault). Anything else
 * (another exception, a message over several lines, pairs the lines do not hold) fails. Each
 * property prints its case count and time.
 */
class TsvPairsFuzzTest {
    private static Path dir;

    private String property;
    private int parsed;
    private int refused;
    private final long started = System.nanoTime();
    private final long startedCpu = CPU.getCurrentThreadCpuTime();
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    @BeforeContainer
    static void makeDirectory() throws IOException {
        dir = Files.createTempDirectory("tsv-fuzz");
    }

    @AfterContainer
    static void removeDirectory() throws IOException {
        Files.deleteIfExists(dir.resolve("pairs.tsv"));
        Files.deleteIfExists(dir);
    }

    @AfterProperty
    void report() {
        System.out.printf("fuzz TsvPairs %s: %,d cases (%,d parsed, %,d refused) in %.2f s wall, %.2f s CPU%n",
                property, parsed + refused, parsed, refused, (System.nanoTime() - started) / 1e9,
                (CPU.getCurrentThreadCpuTime() - startedCpu) / 1e9);
    }

    /** Pieces of text a line is made of: letters, spaces of several kinds, tabs, a BOM, NUL, emoji, a lone surrogate. */
    private static final List<String> PIECES = List.of("a", "bc", "x y", " ", "  ", "\t", "\u00e9", "\uFEFF", "\u3000",
            "\u00A0", "\u0085", "\u2028", "\u0000", "\uD83D\uDE00", "\uD800", "\u200B", "|", "\"", "\\t");

    @Provide
    Arbitrary<String> lines() {
        return Arbitraries.of(PIECES).list().ofMaxSize(10).map(l -> String.join("", l));
    }

    @Property(tries = 10_000)
    void anyLineIsAPairOrAOneLineErrorNamingFileAndLine(@ForAll("lines") String line) {
        property = "parseLine";
        Path file = Path.of("pairs.tsv");
        try {
            Example e = TsvPairs.parseLine(line, file, 7);
            int tab = line.indexOf('\t');
            assertEquals(new Example(line.substring(0, tab).strip(), line.substring(tab + 1).strip()), e);
            assertFalse(e.source().isEmpty() || e.target().isEmpty() || e.source().contains("\t")
                    || e.target().contains("\t"), e.toString());
            parsed++;
        } catch (IllegalArgumentException x) {
            assertOneLine(x.getMessage());
            assertTrue(x.getMessage().startsWith("pairs.tsv:7: "), x.getMessage());
            refused++;
        }
    }

    /**
     * Bytes of a file: lines that are mostly pairs, some anything (blank, no tab, two tabs, ...), ended
     * by any of the three line ends or by nothing, now and then with bytes that are not UTF-8.
     */
    @Provide
    Arbitrary<byte[]> files() {
        Arbitrary<String> pair = Combinators.combine(sides(), sides()).as((a, b) -> a + "\t" + b);
        Arbitrary<String> text = Arbitraries.frequencyOf(Tuple.of(8, pair), Tuple.of(2, lines()),
                Tuple.of(1, Arbitraries.of("", " ", "\uFEFF", "\uFEFFa\tb")));
        Arbitrary<String> end = Arbitraries.of("\n", "\n", "\r\n", "\r");
        Arbitrary<byte[]> bad = Arbitraries.frequencyOf(Tuple.of(30, Arbitraries.just(new byte[0])),
                Tuple.of(1, Arbitraries.just(new byte[] {(byte) 0xFF})),
                Tuple.of(1, Arbitraries.just(new byte[] {(byte) 0xC3})),
                Tuple.of(1, Arbitraries.just(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}))); // a surrogate
        Arbitrary<byte[]> line = Combinators.combine(text, bad, end).as((t, b, e) -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(t.getBytes(StandardCharsets.UTF_8));
            out.writeBytes(b);
            out.writeBytes(e.getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        });
        return Combinators.combine(line.list().ofMaxSize(8), Arbitraries.of(true, false)).as((l, lastEnded) -> {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            l.forEach(b::writeBytes);
            byte[] bytes = b.toByteArray();
            if (!lastEnded && bytes.length > 0 && bytes[bytes.length - 1] == '\n') {
                return java.util.Arrays.copyOf(bytes, bytes.length - 1);
            }
            return bytes;
        });
    }

    @Property(tries = 2_000)
    void anyFileLoadsAsItsNonBlankLinesOrIsRefusedInOneLine(@ForAll("files") byte[] bytes) throws IOException {
        property = "load (bytes)";
        Path file = dir.resolve("pairs.tsv");
        Files.write(file, bytes);
        String text = strictUtf8(bytes);
        try {
            List<Example> pairs = TsvPairs.load(file);
            assertTrue(text != null, "bytes that are not UTF-8 were accepted");
            assertEquals(expected(text, file), pairs);
            parsed++;
        } catch (IllegalArgumentException x) {
            assertOneLine(x.getMessage());
            assertTrue(x.getMessage().startsWith(file + ":") || x.getMessage().startsWith(file + " "), x.getMessage());
            refused++;
        }
    }

    @Provide
    Arbitrary<String> sides() {
        return Arbitraries.of("a", "b", "Zeit", " ", "\u00e9", "\uD83D\uDE00", "-", "1").list().ofMinSize(1).ofMaxSize(6)
                .map(l -> String.join("", l)).filter(s -> !s.isBlank());
    }

    @Property(tries = 1_000)
    void wellFormedPairsComeBackAsWritten(@ForAll("sides") String source, @ForAll("sides") String target,
                                          @ForAll("sides") String other) throws IOException {
        property = "load (well formed)";
        Path file = dir.resolve("pairs.tsv");
        Files.writeString(file, "\uFEFF" + source + "\t" + target + "\r\n\n  \n" + other + "\t" + source,
                StandardCharsets.UTF_8);
        assertEquals(List.of(new Example(source.strip(), target.strip()), new Example(other.strip(), source.strip())),
                TsvPairs.load(file));
        parsed++;
    }

    /** What load should return for a file of this text: the pair of every non-blank line, BOM removed. */
    private static List<Example> expected(String text, Path file) {
        List<Example> out = new ArrayList<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = i == 0 && lines.get(0).startsWith("\uFEFF") ? lines.get(0).substring(1) : lines.get(i);
            if (!line.isBlank()) {
                out.add(TsvPairs.parseLine(line, file, i + 1));
            }
        }
        return out;
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static void assertOneLine(String message) {
        assertTrue(message != null && !message.isBlank(), "a message");
        assertFalse(message.contains("\n") || message.contains("\r"), "one line: " + message);
    }
}
