package org.attentionlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
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
import org.attentionlab.cli.TrainDecodeEvalTest.Result;

/**
 * Fuzzed command lines (issue 17): options of every command, known and unknown, with values good,
 * bad and absurd, run in-process through {@link Main#run}. The only outcomes allowed are success
 * (exit 0), a one-line failure (exit 1: one line "attention-lab CMD: ...", after any "note:" lines)
 * and a usage error (exit 2: one such line, then the command's usage). An exception escaping
 * Main.run, another exit code, or a stack trace in the output fails the test.
 *
 * <p>No case may start a long job, so the cases are built where they cannot: {@code train}'s
 * {@code --out} is always a path under a regular file, which fails once the options are checked,
 * before a task is built or a step trained; {@code forward}'s {@code --out} is a file in the
 * temporary directory; {@code decode} and {@code eval} read a tiny run whose model writes END
 * first, so that decoding is one step; {@code kernel}, {@code reports}, {@code notebooks},
 * {@code bench} and {@code gallery} always get one unknown option, which they refuse before they
 * do anything. The property prints its case count, its outcomes and its time.
 */
class CommandLineFuzzTest {
    private static Path tmp;
    private static Path run;
    private static Path poison;
    private static final Map<String, String> USAGE = new HashMap<>();

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private final long started = System.nanoTime();
    private final long startedCpu = CPU.getCurrentThreadCpuTime();
    private final Map<String, int[]> outcomes = new TreeMap<>();

    /** A command's options (without --), as its usage lists them. */
    private static final Map<String, List<String>> OPTIONS = withSummarize(Map.of(
            "train", List.of("task", "resume", "allow-changed-data", "d-model", "heads", "d-ff", "layers", "dropout",
                    "length-classes", "steps", "batch", "accumulate", "lr", "warmup", "label-smoothing", "clip",
                    "cooldown", "sampling", "eval-every", "checkpoint-every", "seed", "keep-best", "examples",
                    "min-len", "max-len", "tokenizer", "merges", "vocab-size", "separate-merges", "min-freq",
                    "max-vocab", "cache", "valid-limit", "max-minutes", "test-limit", "cap-a", "cap-b"),
            "decode", List.of("checkpoint", "best", "input", "beam", "alpha", "length", "cap-a", "cap-b"),
            "eval", List.of("checkpoint", "best", "split", "data", "limit", "batch", "show-errors",
                    "allow-changed-data", "no-record", "beam", "alpha", "length", "cap-a", "cap-b"),
            "bleu", List.of("ref", "hyp"),
            "forward", List.of("checkpoint", "src", "tgt"),
            "bench", List.of("d-model", "heads", "d-ff", "length", "batch", "steps", "decode-runs", "threads", "json",
                    "profile"),
            "gallery", List.of("out", "steps", "seed"),
            "kernel", List.of("name", "user", "prefix", "connection-file"),
            "reports", List.of("notebooks", "out", "cell-timeout", "only", "publish", "figures-only", "check-figures"),
            "notebooks", List.of("dir")));

    /**
     * Map.of takes ten commands at most. summarize never finds a run here (a positional word is never
     * a run directory's path), so it cannot write into docs/reports.
     */
    private static Map<String, List<String>> withSummarize(Map<String, List<String>> commands) {
        Map<String, List<String>> all = new HashMap<>(commands);
        all.put("summarize", List.of("name", "into", "by"));
        return Map.copyOf(all);
    }

    /** Commands that would do real work once their options pass: they always get an unknown option too. */
    private static final List<String> GUARDED = List.of("bench", "gallery", "kernel", "reports", "notebooks");

    private static final Map<String, String> FILES = new HashMap<>();

    @BeforeContainer
    static void makeFixtures() throws IOException {
        tmp = Files.createTempDirectory("cli-fuzz");
        run = tmp.resolve("run");
        TinyRuns.train(run, "--steps", "1", "--eval-every", "0", "--test-limit", "1");
        TinyRuns.forceEnd(run, true);
        poison = Files.writeString(tmp.resolve("a-file"), "x").resolve("run");
        FILES.put("RUN", run.toString());
        FILES.put("MODEL", run.resolve("model.safetensors").toString());
        FILES.put("TSV", Files.writeString(tmp.resolve("pairs.tsv"), "abc\tcba\nde\ted\n").toString());
        FILES.put("TEXT", Files.writeString(tmp.resolve("text.txt"), "the cat sat\non the mat\n").toString());
        FILES.put("BINARY", Files.write(tmp.resolve("bytes.bin"), new byte[] {0, (byte) 0xFF, 3, '\t', '\n'}).toString());
        FILES.put("EMPTY", Files.writeString(tmp.resolve("empty.txt"), "").toString());
        FILES.put("DIR", Files.createDirectories(tmp.resolve("a-directory")).toString());
        FILES.put("MISSING", tmp.resolve("missing").toString());
        FILES.put("DEVNULL", "/dev/null");
        for (String command : OPTIONS.keySet()) {
            USAGE.put(command, TrainDecodeEvalTest.cli(command, "--help").out());
        }
    }

    @AfterContainer
    static void removeFixtures() throws IOException {
        try (Stream<Path> all = Files.walk(tmp)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    @AfterProperty
    void report() {
        int total = outcomes.values().stream().mapToInt(c -> c[0] + c[1] + c[2]).sum();
        StringBuilder line = new StringBuilder();
        outcomes.forEach((command, c) -> line.append(String.format(" %s %d/%d/%d", command, c[0], c[1], c[2])));
        System.out.printf("fuzz command line: %,d cases in %.2f s wall, %.2f s CPU; exits 0/1/2 by command:%s%n",
                total, (System.nanoTime() - started) / 1e9, (CPU.getCurrentThreadCpuTime() - startedCpu) / 1e9, line);
    }

    /** Values an option may get: numbers of every sort, words the options know, files of every kind. */
    private static final List<String> VALUES = List.of("-1", "0", "1", "2", "3", "7", "100", "101", "2147483647",
            "2147483648", "-2147483648", "1e9", "0.5", "-0.1", "NaN", "Infinity", " 4 ", "abc", "", "none",
            "linear:0.5", "exponential:0.9", "inverse-sigmoid:5", "inverse-sigmoid:x", "char", "word", "bpe", "end",
            "predicted", "test", "valid", "train", "copy", "reverse", "g2p", "tsv:", "tsv:TSV", "tsv:BINARY",
            "tsv:DIR", "tsv:MISSING", "RUN", "MODEL", "TSV", "TEXT", "BINARY", "EMPTY", "DIR", "MISSING", "DEVNULL",
            "5,9,2", "1,2,x", "-1,3", "999999", ",", "\uD83D\uDE00", "\t", "a\nb", "\u0000");

    /**
     * A command line that works, for the commands that can work here: a case replaces or adds a few
     * options of it, so that many cases get past the first check and into the command.
     */
    private static final Map<String, List<String>> BASE = Map.of(
            "train", List.of("--task", "copy", "--examples", "50", "--steps", "1", "--d-model", "8", "--heads", "2"),
            "decode", List.of("--checkpoint", "RUN", "--input", "abc"),
            "eval", List.of("--checkpoint", "RUN", "--limit", "2"),
            "bleu", List.of("--ref", "TEXT", "--hyp", "TEXT"),
            "forward", List.of("--checkpoint", "MODEL", "--src", "5,9,2", "--tgt", "1,4"));

    @Provide
    Arbitrary<List<String>> commandLines() {
        Arbitrary<String> command = Arbitraries.of(new ArrayList<>(OPTIONS.keySet()));
        return command.flatMap(c -> {
            List<String> names = new ArrayList<>(OPTIONS.get(c));
            names.addAll(List.of("bogus", "help", "-", "=3"));
            Arbitrary<String> option = Arbitraries.frequencyOf(Tuple.of(20, Arbitraries.of(names).map(n -> "--" + n)),
                    Tuple.of(1, Arbitraries.of("--", "-x", "positional", "--steps=3", "--beam=", "--=1")));
            Arbitrary<List<String>> pair = Combinators.combine(option, Arbitraries.of(VALUES),
                    Arbitraries.of(true, true, true, false)).as((o, v, withValue) ->
                    withValue ? List.of(o, v) : List.of(o));
            return Combinators.combine(pair.list().ofMaxSize(5), Arbitraries.of(true, true, true, false))
                    .as((pairs, onBase) -> commandLine(c, pairs, onBase && BASE.containsKey(c)));
        });
    }

    /** The command with the pairs: on its working line (each pair replacing that option) or on their own. */
    private static List<String> commandLine(String command, List<List<String>> pairs, boolean onBase) {
        Map<String, List<String>> options = new java.util.LinkedHashMap<>();
        List<String> base = onBase ? BASE.get(command) : List.of();
        for (int i = 0; i < base.size(); i += 2) {
            options.put(base.get(i), List.of(base.get(i + 1)));
        }
        List<String> args = new ArrayList<>(List.of(command));
        for (List<String> p : pairs) {
            if (onBase) {
                options.put(p.get(0), p.subList(1, p.size()));
            } else {
                args.addAll(p);
            }
        }
        options.forEach((name, values) -> {
            args.add(name);
            args.addAll(values);
        });
        args.replaceAll(CommandLineFuzzTest::value);
        return args;
    }

    @Property(tries = 2_500)
    void everyCommandLineEndsInSuccessOrAOneLineError(@ForAll("commandLines") List<String> generated) {
        List<String> args = safe(generated);
        String command = args.get(0);
        Result r;
        try {
            r = TrainDecodeEvalTest.cli(args.toArray(String[]::new));
        } catch (Throwable t) {
            fail("an exception escaped Main.run for " + args, t);
            return;
        }
        outcomes.computeIfAbsent(command, k -> new int[3]);
        String what = args + "\nexit " + r.code() + "\nerr: " + r.err();
        assertTrue(r.code() >= 0 && r.code() <= 2, what);
        outcomes.get(command)[r.code()]++;
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception") || r.out().contains("\tat "), what);
        if (r.code() == 0) {
            return;
        }
        String err = r.err();
        if (r.code() == 2) {
            assertTrue(err.endsWith(USAGE.get(command)), "a usage error ends with the usage: " + what);
            err = err.substring(0, err.length() - USAGE.get(command).length());
        }
        List<String> lines = err.lines().filter(l -> !l.startsWith("note: ")).toList();
        assertEquals(1, lines.size(), "one line: " + what);
        assertTrue(lines.get(0).startsWith("attention-lab " + command + ": "), what);
    }

    /** The generated line made safe to run: train's and forward's --out replaced, guarded commands given an unknown option. */
    private static List<String> safe(List<String> generated) {
        String command = generated.get(0);
        List<String> args = new ArrayList<>();
        for (int i = 0; i < generated.size(); i++) {
            String a = generated.get(i);
            boolean out = a.equals("--out") || a.startsWith("--out=");
            if (out && (command.equals("train") || command.equals("forward"))) {
                if (a.equals("--out") && i + 1 < generated.size() && !generated.get(i + 1).startsWith("--")) {
                    i++;
                }
                continue;
            }
            args.add(a);
        }
        if (command.equals("train")) {
            args.addAll(List.of("--out", poison.toString()));
        } else if (command.equals("forward")) {
            args.addAll(List.of("--out", tmp.resolve("logits.npy").toString()));
        } else if (GUARDED.contains(command)) {
            args.add("--never-an-option");
        }
        return args;
    }

    @Property(tries = 200)
    void anUnknownCommandIsAUsageError(@ForAll("words") String word) {
        Result r = TrainDecodeEvalTest.cli(word, "--help");
        outcomes.computeIfAbsent("(unknown)", k -> new int[3])[r.code()]++;
        if (OPTIONS.containsKey(word) || word.equals("help") || word.equals("-h") || word.equals("--help")) {
            assertEquals(0, r.code());
            return;
        }
        assertEquals(2, r.code(), word);
        assertTrue(r.err().startsWith("attention-lab: unknown command '" + word + "'"), r.err());
    }

    @Provide
    Arbitrary<String> words() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(8), Arbitraries.of(new ArrayList<>(OPTIONS.keySet())),
                Arbitraries.of("help", "-h", "--help", "TRAIN", "train ", "\uD83D\uDE00"));
    }

    /** A value with a file's name (RUN, TSV, tsv:TSV, ...) replaced by that file's path. */
    private static String value(String v) {
        String prefix = v.startsWith("tsv:") ? "tsv:" : "";
        String path = FILES.get(v.substring(prefix.length()));
        return path == null ? v : prefix + path;
    }
}
