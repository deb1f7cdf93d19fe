package org.attentionlab.nn;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fuzzing {@link Checkpoint#load} with mutations of one valid training checkpoint: truncations,
 * byte changes anywhere, edits of the header text (with and without a matching length field),
 * numbers in the header and the configuration replaced by extreme ones, and arbitrary header
 * lengths. Every case must either load or be refused with the documented error: an IOException
 * of one line that starts with the file's name. Anything else (an ArithmeticException, an
 * OutOfMemoryError, a StackOverflowError, a message over several lines) fails the property.
 *
 * <p>The outcomes are tallied by kind in jqwik's statistics, and the case count and run time are
 * printed at the end, so a run shows what the mutations reached.
 */
class CheckpointFuzzTest {
    /** Cases a property: about 2,400 in all, a few seconds of CPU (most are refused from the header alone). */
    private static final int TRIES = 400;
    /** Cases of the properties whose mutations never get past the header. */
    private static final int CHEAP_TRIES = 600;
    private static Path dir;
    private static Path file;
    private static byte[] valid;
    private static int headerLength;
    /** Start and end (in the file) of every run of digits in the header. */
    private static List<int[]> numbers;
    private static final AtomicLong CASES = new AtomicLong();
    private static final AtomicLong LOADED = new AtomicLong();
    private static long started;
    private static long startedCpu;

    @BeforeContainer
    static void writeValidCheckpoint() throws IOException {
        TransformerConfig config = TransformerConfig.builder().dModel(4).heads(2).dFf(6).layers(1).vocab(5).maxLen(8)
                .dropout(0).normType(NormType.BATCH).position(PositionEncoding.LEARNED).lengthClasses(3).build();
        dir = Files.createTempDirectory("checkpoint-fuzz");
        file = dir.resolve("fuzzed.safetensors");
        Checkpoint.save(new Transformer(config, 11), file,
                Map.of("optimizer.step", Nd4j.scalar(DataType.INT64, 7L), "optimizer.m", Nd4j.ones(DataType.FLOAT, 3)),
                Map.of("train.step", "7"));
        valid = Files.readAllBytes(file);
        headerLength = (int) ByteBuffer.wrap(valid).order(ByteOrder.LITTLE_ENDIAN).getLong();
        numbers = new ArrayList<>();
        Matcher m = Pattern.compile("\\d+").matcher(new String(valid, 8, headerLength, StandardCharsets.ISO_8859_1));
        while (m.find()) {
            numbers.add(new int[] {8 + m.start(), 8 + m.end()});
        }
        started = System.nanoTime();
        startedCpu = cpuNanos();
    }

    /** CPU time of this process: on a shared machine wall time says little about cost. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    @AfterContainer
    static void report() throws IOException {
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpu = (cpuNanos() - startedCpu) / 1e9;
        System.out.printf(Locale.ROOT, "CheckpointFuzzTest: %,d mutated checkpoints of %,d bytes in %.1f s wall, %.1f s CPU"
                + " (load average %.1f): %,d loaded, %,d refused with a one-line IOException, no other outcome%n",
                CASES.get(), valid.length, seconds, cpu,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                LOADED.get(), CASES.get() - LOADED.get());
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }

    /** Loads the bytes; returns the kind of outcome, or throws whatever is not a documented one. */
    private static String load(byte[] bytes) throws IOException {
        Files.write(file, bytes);
        CASES.incrementAndGet();
        try {
            Checkpoint.load(file);
            LOADED.incrementAndGet();
            return "loaded";
        } catch (IOException e) {
            String m = e.getMessage();
            if (m == null || !m.startsWith(file.toString() + ": ") || m.contains("\n") || m.contains("\r")
                    || m.length() > 1000) {
                throw new AssertionError("not a one-line error naming the file: " + m, e);
            }
            return kind(m.substring(file.toString().length() + 2));
        }
    }

    /** A coarse kind of refusal for the statistics: the message's first words, numbers and names blanked. */
    private static String kind(String message) {
        String s = message.replaceAll("'[^']*'", "'.'").replaceAll("\\[[^\\]]*\\]", "[.]").replaceAll("\\d[\\d,]*", "#");
        String[] words = s.split(" ");
        return "refused: " + String.join(" ", Arrays.copyOf(words, Math.min(4, words.length)));
    }

    private static void check(byte[] bytes) throws IOException {
        Statistics.collect(load(bytes));
    }

    @Property(tries = CHEAP_TRIES)
    void truncated(@ForAll("truncations") byte[] bytes) throws IOException {
        check(bytes);
    }

    @Provide
    Arbitrary<byte[]> truncations() {
        return Arbitraries.integers().between(0, valid.length - 1).map(n -> Arrays.copyOf(valid, n));
    }

    @Property(tries = TRIES)
    void bytesChanged(@ForAll("changedBytes") byte[] bytes) throws IOException {
        check(bytes);
    }

    @Provide
    Arbitrary<byte[]> changedBytes() {
        Arbitrary<int[]> change = Combinators.combine(Arbitraries.integers().between(0, valid.length - 1),
                Arbitraries.integers().between(0, 255)).as((at, value) -> new int[] {at, value});
        return change.list().ofMinSize(1).ofMaxSize(6).map(changes -> {
            byte[] b = valid.clone();
            changes.forEach(c -> b[c[0]] = (byte) c[1]);
            return b;
        });
    }

    @Property(tries = TRIES)
    void headerTextEdited(@ForAll("headerEdits") byte[] bytes) throws IOException {
        check(bytes);
    }

    /** Characters that matter to JSON, inserted, deleted or replaced in the header; the length field usually follows. */
    @Provide
    Arbitrary<byte[]> headerEdits() {
        Arbitrary<Tuple.Tuple3<Integer, Integer, Character>> edit = Combinators.combine(
                Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, headerLength - 1),
                Arbitraries.of('0', '1', '9', '-', '.', 'e', '{', '}', '[', ']', '"', ',', ':', ' ', '\\', '\n', 'x'))
                .as(Tuple::of);
        return Combinators.combine(edit.list().ofMinSize(1).ofMaxSize(4), Arbitraries.integers().between(0, 3))
                .as((edits, fixLength) -> {
                    StringBuilder h = new StringBuilder(new String(valid, 8, headerLength, StandardCharsets.ISO_8859_1));
                    for (Tuple.Tuple3<Integer, Integer, Character> e : edits) {
                        int at = Math.min(e.get2(), h.length() - 1);
                        if (at < 0) {
                            continue;
                        }
                        switch (e.get1()) {
                            case 0 -> h.setCharAt(at, e.get3());
                            case 1 -> h.deleteCharAt(at);
                            default -> h.insert(at, e.get3());
                        }
                    }
                    return withHeader(h.toString().getBytes(StandardCharsets.ISO_8859_1), fixLength != 0);
                });
    }

    @Property(tries = TRIES)
    void numbersReplaced(@ForAll("numberEdits") byte[] bytes) throws IOException {
        check(bytes);
    }

    /**
     * Numbers in the header (offsets, shapes) and in the configuration string (sizes) replaced by
     * extreme or random ones, with a matching length field: these reach the configuration checks.
     */
    @Provide
    Arbitrary<byte[]> numberEdits() {
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.of("0", "1", "2", "3", "4", "8", "65536", "65537", "100000", "1048577", "2147483647",
                        "2147483648", "4294967300", "9223372036854775807", "99999999999999999999", "1e9", "1e400", "0.5"),
                Arbitraries.integers().between(0, 100).map(String::valueOf),
                Arbitraries.longs().map(String::valueOf));
        Arbitrary<Tuple.Tuple2<Integer, String>> edit = Combinators.combine(
                Arbitraries.integers().between(0, numbers.size() - 1), value).as(Tuple::of);
        return edit.list().ofMinSize(1).ofMaxSize(3).map(edits -> {
            edits.sort((a, b) -> Integer.compare(b.get1(), a.get1())); // from the back: earlier positions stay valid
            StringBuilder h = new StringBuilder(new String(valid, 8, headerLength, StandardCharsets.ISO_8859_1));
            int last = -1;
            for (Tuple.Tuple2<Integer, String> e : edits) {
                if (e.get1() == last) {
                    continue;
                }
                last = e.get1();
                int[] span = numbers.get(e.get1());
                h.replace(span[0] - 8, span[1] - 8, e.get2());
            }
            return withHeader(h.toString().getBytes(StandardCharsets.ISO_8859_1), true);
        });
    }

    @Property(tries = CHEAP_TRIES)
    void lengthFieldChanged(@ForAll("lengthFields") long length) throws IOException {
        byte[] b = valid.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, length);
        check(b);
    }

    @Provide
    Arbitrary<Long> lengthFields() {
        long n = headerLength;
        return Arbitraries.oneOf(
                Arbitraries.of(0L, 1L, n - 8, n - 2, n - 1, n + 1, n + 2, n + 8, valid.length - 8L, (long) valid.length,
                        -1L, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 32),
                Arbitraries.longs().between(0, valid.length),
                Arbitraries.longs());
    }

    /** The valid file's data after a new header; the length field is the header's or, without fixing, the old one. */
    private static byte[] withHeader(byte[] header, boolean fixLength) {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + valid.length - 8 - headerLength)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(fixLength ? header.length : headerLength).put(header).put(valid, 8 + headerLength,
                valid.length - 8 - headerLength);
        return b.array();
    }
}
