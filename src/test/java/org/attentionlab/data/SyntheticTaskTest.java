package org.attentionlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticTaskTest {
    @Test
    void sameSeedGivesSameExamplesAndOtherSeedOthers() {
        for (SyntheticTask t : SyntheticTask.values()) {
            assertEquals(t.generate(50, 5, 20, 7), t.generate(50, 5, 20, 7), t.taskName());
            assertNotEquals(t.generate(50, 5, 20, 7), t.generate(50, 5, 20, 8), t.taskName());
        }
    }

    @Test
    void sourcesAreDistinctWithinRangeAndInTheAlphabet() {
        for (SyntheticTask t : SyntheticTask.values()) {
            List<Example> examples = t.generate(500, 5, 20, 3);
            assertEquals(500, examples.size());
            Set<String> sources = new HashSet<>();
            for (Example e : examples) {
                assertTrue(sources.add(e.source()), t.taskName() + " repeats " + e.source());
                if (t != SyntheticTask.DATES) {
                    int n = e.source().length();
                    assertTrue(n >= 5 && n <= 20, t.taskName() + " source length " + n);
                }
                assertTrue(t.sourceAlphabet().containsAll(Tokenizer.chars().tokenize(e.source())), e.source());
                assertTrue(t.targetAlphabet().containsAll(Tokenizer.chars().tokenize(e.target())), e.target());
            }
        }
    }

    @Test
    void targetsAreTheRightFunctionOfTheSource() {
        for (Example e : SyntheticTask.COPY.generate(20, 5, 20, 1)) {
            assertEquals(e.source(), e.target());
        }
        for (Example e : SyntheticTask.REVERSE.generate(20, 5, 20, 1)) {
            assertEquals(new StringBuilder(e.source()).reverse().toString(), e.target());
        }
        for (Example e : SyntheticTask.SORT.generate(20, 5, 20, 1)) {
            assertEquals(e.source().chars().sorted().collect(StringBuilder::new, StringBuilder::appendCodePoint,
                    StringBuilder::append).toString(), e.target());
        }
        for (Example e : SyntheticTask.ADDITION.generate(200, 5, 20, 1)) {
            String[] ab = e.source().split("\\+");
            assertEquals(2, ab.length, e.source());
            for (String x : ab) {
                assertTrue(x.length() == 1 || x.charAt(0) != '0', "leading zero in " + e.source());
            }
            assertEquals(new BigInteger(ab[0]).add(new BigInteger(ab[1])).toString(), e.target());
        }
    }

    @Test
    void datesAreWrittenOutInEnglish() {
        for (Example e : SyntheticTask.DATES.generate(200, 5, 20, 1)) {
            LocalDate d = LocalDate.parse(e.source());
            assertTrue(d.getYear() >= 1900 && d.getYear() <= 2099, e.source());
            String[] parts = e.target().split(" ");
            assertEquals(Integer.toString(d.getDayOfMonth()), parts[0]);
            assertEquals(d.getMonth().toString(), parts[1].toUpperCase());
            assertEquals(Integer.toString(d.getYear()), parts[2]);
        }
        assertTrue(SyntheticTask.DATES.targetAlphabet().containsAll(List.of("J", "S", "y", " ")));
    }

    @Test
    void tooManyExamplesForTheRangeIsAClearError() {
        // 2-symbol additions "a+b" are only 100 distinct sources.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SyntheticTask.ADDITION.generate(200, 3, 3, 1));
        assertTrue(e.getMessage().contains("addition") && e.getMessage().contains("distinct"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SyntheticTask.COPY.generate(10, 6, 5, 1));
        assertTrue(e.getMessage().contains("minLength=6") && e.getMessage().contains("maxLength=5"), e.getMessage());
    }
}
