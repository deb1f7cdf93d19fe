package org.attentionlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplitsTest {
    private final List<Integer> items = IntStream.range(0, 1000).boxed().toList();

    @Test
    void partsAreDisjointCoverEverythingAndHaveTheAskedSizes() {
        Splits<Integer> s = Splits.of(items, 0.1, 0.05, 42);
        assertEquals(850, s.train().size());
        assertEquals(100, s.valid().size());
        assertEquals(50, s.test().size());
        Set<Integer> all = new HashSet<>(s.train());
        all.addAll(s.valid());
        all.addAll(s.test());
        assertEquals(1000, all.size());
    }

    @Test
    void sameSeedSameSplitOtherSeedOther() {
        assertEquals(Splits.of(items, 0.1, 0.1, 42), Splits.of(new ArrayList<>(items), 0.1, 0.1, 42));
        assertNotEquals(Splits.of(items, 0.1, 0.1, 42).test(), Splits.of(items, 0.1, 0.1, 43).test());
    }

    @Test
    void partsKeepTheOriginalOrderAndAreNotJustAPrefix() {
        Splits<Integer> s = Splits.of(items, 0.1, 0.1, 5);
        assertEquals(s.test().stream().sorted().toList(), s.test());
        assertTrue(s.test().get(s.test().size() - 1) > 500, "test part is spread over the data");
        assertEquals(s.valid(), s.part("valid"));
    }

    @Test
    void rejectsFractionsThatLeaveNoTraining() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Splits.of(items, 0.5, 0.5, 1));
        assertTrue(e.getMessage().contains("0.5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Splits.of(items, 0.1, 0.1, 1).part("dev"));
    }
}
