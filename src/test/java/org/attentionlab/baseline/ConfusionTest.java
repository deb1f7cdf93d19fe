package org.attentionlab.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class ConfusionTest {
    @Test
    void countsPredictedAgainstGold() {
        Confusion c = Confusion.of(List.of("a", "b", "b", "a", "c"), List.of("a", "b", "a", "a", "b"));
        assertEquals(2, c.count("a", "a"));
        assertEquals(1, c.count("a", "b"));
        assertEquals(1, c.count("b", "c"));
        assertEquals(0, c.count("c", "c"));
        assertEquals(3.0 / 5, c.accuracy(), 1e-12);
    }

    @Test
    void integerLabelsSortNumerically() {
        Confusion c = Confusion.ofInts(new int[] {10, 2, 9}, new int[] {10, 2, 10});
        assertEquals(List.of("2", "9", "10"), c.labels());
        Table t = c.table();
        assertEquals(List.of("gold", "2", "9", "10"), t.columnNames());
        assertEquals(1, t.intColumn("9").get(2)); // gold 10 predicted 9
        assertEquals(c.labels().size(), c.heatMap("lengths").toImage().getWidth() > 0 ? 3 : -1);
    }

    @Test
    void lengthsMustMatch() {
        assertThrows(IllegalArgumentException.class, () -> Confusion.of(List.of("a"), List.of("a", "b")));
    }
}
