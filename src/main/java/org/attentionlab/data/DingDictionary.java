package org.attentionlab.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * German-English example sentences from the Ding dictionary, Debian package {@code trans-de-en}
 * (GPL-2+, fetched at run time and never committed).
 *
 * <p>A line is {@code de | de | ... :: en | en | ...}: sub-entries separated by {@code " | "}
 * correspond one to one across {@code " :: "}, and a sub-entry lists synonyms separated by
 * {@code "; "}. Most sub-entries are words and phrases; some are whole example sentences, and those
 * make a small real translation corpus. For each aligned sub-entry this takes the first synonym of
 * each side, strips the annotations {@code {n}}, {@code [coll.]}, {@code (...)}, {@code <...>},
 * and keeps the pair when both sides are real sentences: at least 3 words, starting with a capital,
 * digit or quote, ending in {@code .}, {@code ?} or {@code !}, at most {@code maxChars} characters,
 * without placeholders ({@code sth.}, {@code jdn.}, ...), slashed alternatives or ellipses. Each German
 * sentence is kept once (its first translation), so no source is both in training and test.
 */
public final class DingDictionary {
    public static final DebianPackage PACKAGE = new DebianPackage("trans-de-en", "/usr/share/trans/de-en",
            "the de-en translation data (Ding dictionary)");
    /** Fewer sentence pairs than this means a truncated or wrong file (trans-de-en 1.9 gives about 14k). */
    public static final int MIN_PAIRS = 10_000;
    public static final int DEFAULT_MAX_CHARS = 60;

    private static final Pattern ANNOTATION = Pattern.compile("\\{[^{}]*}|\\[[^\\[\\]]*]|\\([^()]*\\)|<[^<>]*>");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern SPACE_BEFORE_MARK = Pattern.compile(" +([.,!?;:])");
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "(^|\\s)(sth|sb|etw|jd|jdm|jdn|jds|sb's|sb’s)\\.|…|\\.\\.\\.|/|~|\\+");

    private DingDictionary() {
    }

    /** Fetches (or finds in the cache) and parses the dictionary, checking it has {@link #MIN_PAIRS}. */
    public static List<Example> fetch(Path cacheDir) {
        Path file = PACKAGE.fetch(cacheDir);
        List<Example> pairs = load(file, DEFAULT_MAX_CHARS);
        if (pairs.size() < MIN_PAIRS) {
            throw new DataUnavailableException("the de-en data in " + file + " (package trans-de-en) gave only "
                    + pairs.size() + " sentence pairs, expected at least " + MIN_PAIRS
                    + "; delete the file to fetch it again");
        }
        return pairs;
    }

    /** Sentence pairs (source German, target English) of at most {@code maxChars} a side. */
    public static List<Example> load(Path file, int maxChars) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(r, maxChars);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static List<Example> parse(BufferedReader reader, int maxChars) throws IOException {
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be positive, got " + maxChars);
        }
        Map<String, Example> byGerman = new LinkedHashMap<>();
        forEachAligned(reader, (g, e) -> {
            if (isSentence(g, maxChars) && isSentence(e, maxChars)) {
                byGerman.putIfAbsent(g, new Example(g, e));
            }
        });
        return new ArrayList<>(byGerman.values());
    }

    /**
     * The dictionary's other aligned entries: words and phrases ({@code Aalsuppe} -> {@code eel soup},
     * {@code entweichen} -> {@code to leak}), cleaned as the sentences are, without placeholders or
     * leftover brackets, at most {@code maxChars} characters a side, each German side once (its first
     * translation). A pair that is a sentence on both sides is not one of them ({@link #parse} has it).
     * About 388,000 in trans-de-en; a task adds them to its training part only
     * ({@link TaskOptions.TrainingPart}).
     */
    public static List<Example> phrases(Path file, int maxChars) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parsePhrases(r, maxChars);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Longest side of a sentence pair that {@link #fetchLongSentences} keeps. */
    public static final int LONG_MAX_CHARS = 200;

    /**
     * The sentence pairs longer than the task's {@link #DEFAULT_MAX_CHARS} on either side (but at
     * most {@link #LONG_MAX_CHARS}), which the de-en and en-de tasks leave out of their split: extra
     * training pairs (about 4,500 in trans-de-en).
     */
    public static List<Example> fetchLongSentences(Path cacheDir) {
        Path file = PACKAGE.fetch(cacheDir);
        java.util.Set<String> short60 = new java.util.HashSet<>();
        for (Example e : load(file, DEFAULT_MAX_CHARS)) {
            short60.add(e.source());
        }
        List<Example> out = new ArrayList<>();
        for (Example e : load(file, LONG_MAX_CHARS)) {
            if (!short60.contains(e.source())) {
                out.add(e);
            }
        }
        return out;
    }

    /** {@link #phrases} of a fetched (or cached) dictionary. */
    public static List<Example> fetchPhrases(Path cacheDir) {
        return phrases(PACKAGE.fetch(cacheDir), DEFAULT_MAX_CHARS);
    }

    public static List<Example> parsePhrases(BufferedReader reader, int maxChars) throws IOException {
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be positive, got " + maxChars);
        }
        Map<String, Example> byGerman = new LinkedHashMap<>();
        forEachAligned(reader, (g, e) -> {
            if (isPhrase(g, maxChars) && isPhrase(e, maxChars)
                    && !(isSentence(g, maxChars) && isSentence(e, maxChars))) {
                byGerman.putIfAbsent(g, new Example(g, e));
            }
        });
        return new ArrayList<>(byGerman.values());
    }

    /**
     * Calls {@code pair} with the first synonym of each side of every aligned sub-entry, cleaned.
     * Entries whose sides have different numbers of sub-entries are skipped: which part translates
     * which is unknown.
     */
    private static void forEachAligned(BufferedReader reader, BiConsumer<String, String> pair) throws IOException {
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] sides = line.split(" :: ", -1);
            if (sides.length != 2) {
                continue;
            }
            String[] de = sides[0].split(" \\| ", -1);
            String[] en = sides[1].split(" \\| ", -1);
            if (de.length != en.length) {
                continue;
            }
            for (int i = 0; i < de.length; i++) {
                pair.accept(clean(firstSynonym(de[i])), clean(firstSynonym(en[i])));
            }
        }
    }

    private static boolean isPhrase(String s, int maxChars) {
        return !s.isEmpty() && s.length() <= maxChars && !PLACEHOLDER.matcher(s).find() && s.indexOf('(') < 0
                && s.indexOf(')') < 0 && s.indexOf('[') < 0 && s.indexOf(']') < 0 && s.indexOf('{') < 0
                && s.indexOf('}') < 0 && s.indexOf('<') < 0 && s.indexOf('>') < 0;
    }

    static String firstSynonym(String subEntry) {
        int semi = subEntry.indexOf("; ");
        return semi < 0 ? subEntry : subEntry.substring(0, semi);
    }

    /** Removes annotations (innermost first, so nested brackets go too) and tidies the spaces. */
    static String clean(String s) {
        String previous;
        do {
            previous = s;
            s = ANNOTATION.matcher(s).replaceAll(" ");
        } while (!s.equals(previous));
        s = SPACES.matcher(s).replaceAll(" ").strip();
        return SPACE_BEFORE_MARK.matcher(s).replaceAll("$1");
    }

    static boolean isSentence(String s, int maxChars) {
        if (s.isEmpty() || s.length() > maxChars) {
            return false;
        }
        char last = s.charAt(s.length() - 1);
        if (last != '.' && last != '?' && last != '!') {
            return false;
        }
        int first = s.codePointAt(0);
        if (!(Character.isUpperCase(first) || Character.isDigit(first) || "\"„“‘'".indexOf(first) >= 0)) {
            return false;
        }
        if (s.split(" ").length < 3 || PLACEHOLDER.matcher(s).find()) {
            return false;
        }
        return s.indexOf('(') < 0 && s.indexOf('[') < 0 && s.indexOf('{') < 0 && s.indexOf('<') < 0;
    }
}
