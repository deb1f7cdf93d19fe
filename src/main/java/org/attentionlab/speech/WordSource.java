package org.attentionlab.speech;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.attentionlab.data.CmuDict;
import org.attentionlab.data.Example;

/**
 * Where the spoken texts come from: number words, or words of the CMU Pronouncing Dictionary.
 * Every text is lower-case letters and single spaces, the alphabet of {@link SpeechDataset#ALPHABET}.
 */
public sealed interface WordSource {
    /** The texts, distinct and sorted (so that a seed picks the same ones everywhere). */
    List<String> words(Path cacheDir);

    /** The spec {@link #parse} reads back. */
    String spec();

    /**
     * {@code numbers} (0-999), {@code numbers:MAX}, {@code cmu} (words of 3-8 letters) or
     * {@code cmu:MIN-MAX}.
     */
    static WordSource parse(String spec) {
        Matcher n = Pattern.compile("numbers(?::(\\d{1,7}))?").matcher(spec);
        if (n.matches()) {
            return new Numbers(n.group(1) == null ? 999 : Integer.parseInt(n.group(1)));
        }
        Matcher c = Pattern.compile("cmu(?::(\\d{1,2})-(\\d{1,2}))?").matcher(spec);
        if (c.matches()) {
            return c.group(1) == null ? new Dictionary(3, 8)
                    : new Dictionary(Integer.parseInt(c.group(1)), Integer.parseInt(c.group(2)));
        }
        throw new IllegalArgumentException("unknown word source '" + spec + "'; known: numbers, numbers:MAX, cmu, cmu:MIN-MAX");
    }

    /** The numbers 0 to {@code max} in words ({@link NumberWords}). */
    record Numbers(int max) implements WordSource {
        public Numbers {
            if (max < 1 || max > NumberWords.MAX) {
                throw new IllegalArgumentException("numbers:MAX needs MAX from 1 to " + NumberWords.MAX + ", got " + max);
            }
        }

        @Override
        public List<String> words(Path cacheDir) {
            TreeSet<String> all = new TreeSet<>();
            for (int i = 0; i <= max; i++) {
                all.add(NumberWords.spell(i));
            }
            return new ArrayList<>(all);
        }

        @Override
        public String spec() {
            return "numbers:" + max;
        }
    }

    /**
     * Words of {@code minLetters} to {@code maxLetters} letters a-z from the CMU Pronouncing
     * Dictionary (Debian {@code festlex-cmu}, fetched like the g2p task's); entries with other
     * characters (apostrophes, dots, digits) are left out. espeak-ng pronounces them by its own
     * rules, not by the dictionary's phones.
     */
    record Dictionary(int minLetters, int maxLetters) implements WordSource {
        public Dictionary {
            if (minLetters < 1 || maxLetters < minLetters) {
                throw new IllegalArgumentException("cmu:MIN-MAX needs 1 <= MIN <= MAX, got " + minLetters + "-" + maxLetters);
            }
        }

        @Override
        public List<String> words(Path cacheDir) {
            TreeSet<String> all = new TreeSet<>();
            for (Example e : CmuDict.fetch(cacheDir)) {
                String w = e.source();
                if (w.length() >= minLetters && w.length() <= maxLetters && w.chars().allMatch(ch -> ch >= 'a' && ch <= 'z')) {
                    all.add(w);
                }
            }
            return new ArrayList<>(all);
        }

        @Override
        public String spec() {
            return "cmu:" + minLetters + "-" + maxLetters;
        }
    }
}
