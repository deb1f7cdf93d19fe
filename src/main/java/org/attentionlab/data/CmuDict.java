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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CMU Pronouncing Dictionary as grapheme-to-phoneme pairs, read from Festival's copy in the
 * Debian package {@code festlex-cmu} ({@code cmudict-0.4.out}, BSD-style licence).
 *
 * <p>Festival writes one entry a line as a Lisp list of syllables with their stress:
 * <pre>("abandon" nil (((ax) 0) ((b ae n) 1) ((d ax n) 0)))</pre>
 * which becomes the pair {@code abandon -> ax0 b ae1 n d ax0 n}: the phones in order, the stress
 * of a syllable written on its vowel as in ARPAbet. Words are lower-cased; a word with several
 * entries (homographs such as "a" as determiner and noun) keeps its first pronunciation, so that each
 * source has one target.
 */
public final class CmuDict {
    /** The Debian package and the file in it. */
    public static final DebianPackage PACKAGE = new DebianPackage("festlex-cmu",
            "/usr/share/festival/dicts/cmu/cmudict-0.4.out", "the g2p data (CMU Pronouncing Dictionary)");
    /** Fewer distinct words than this means a truncated or wrong file (festlex-cmu 2.4 has 105k lines). */
    public static final int MIN_WORDS = 100_000;

    private static final Pattern ENTRY = Pattern.compile("^\\(\"([^\"]+)\" \\S+ \\((.*)\\)\\)\\s*$");
    private static final Pattern SYLLABLE = Pattern.compile("\\(\\(([a-z ]+)\\) ([0-9])\\)");
    private static final Set<String> VOWELS = Set.of("aa", "ae", "ah", "ao", "aw", "ax", "axr", "ay", "eh", "er",
            "ey", "ih", "ix", "iy", "ow", "oy", "uh", "uw");

    private CmuDict() {
    }

    /** Fetches (or finds in the cache) and parses the dictionary, checking it has {@link #MIN_WORDS}. */
    public static List<Example> fetch(Path cacheDir) {
        Path file = PACKAGE.fetch(cacheDir);
        List<Example> words = load(file);
        if (words.size() < MIN_WORDS) {
            throw new DataUnavailableException("the g2p data in " + file + " (package festlex-cmu) has only "
                    + words.size() + " words, expected at least " + MIN_WORDS
                    + "; delete the file to fetch it again");
        }
        return words;
    }

    public static List<Example> load(Path file) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            return parse(r, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses Festival lexicon lines; lines that do not start an entry ({@code ("}) such as the
     * {@code MNCL} header are skipped, an entry that does not parse is an error naming the line.
     */
    public static List<Example> parse(BufferedReader reader, String sourceName) throws IOException {
        Map<String, Example> byWord = new LinkedHashMap<>();
        String line;
        int lineNo = 0;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            if (!line.startsWith("(\"")) {
                continue;
            }
            Matcher m = ENTRY.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException(sourceName + ":" + lineNo + ": not a Festival lexicon entry: " + line);
            }
            String word = m.group(1).toLowerCase(Locale.ROOT);
            List<String> phones = new ArrayList<>();
            Matcher s = SYLLABLE.matcher(m.group(2));
            while (s.find()) {
                String stress = s.group(2);
                for (String phone : s.group(1).trim().split(" +")) {
                    phones.add(VOWELS.contains(phone) ? phone + stress : phone);
                }
            }
            if (phones.isEmpty()) {
                throw new IllegalArgumentException(sourceName + ":" + lineNo + ": entry without syllables: " + line);
            }
            byWord.putIfAbsent(word, new Example(word, String.join(" ", phones)));
        }
        return new ArrayList<>(byWord.values());
    }
}
