package org.attentionlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Units, spreads, differences and results tables: what a lesson prints. */
class FormattingTest {
    @Test
    void unitsWriteNumbersTheWayALessonShowsThem() {
        assertEquals("48.8 %", Unit.PERCENT.format(0.48822800495662950));
        assertEquals("2.16", Unit.LOSS.format(2.158138718755586));
        assertEquals("0.000123", Unit.LOSS.format(0.000123456));
        assertEquals("1.69e-09", Unit.NUMBER.format(1.6912e-9));
        assertEquals("1,230", Unit.NUMBER.format(1234.5));
        assertEquals("12,345", Unit.COUNT.format(12345.4));
        assertEquals("3.2 s", Unit.SECONDS.format(3.21));
        assertEquals("412 s", Unit.SECONDS.format(411.8));
        assertEquals("n/a", Unit.PERCENT.format(Double.NaN));
        assertEquals("97.2 ± 0.4 %", Unit.PERCENT.format(0.972, 0.004));
        assertEquals("0.5 points", Unit.PERCENT.formatDifference(0.005));
    }

    @Test
    void aSpreadHasTheSampleStandardDeviation() {
        Spread s = Spread.of(1, 2, 3, 4);
        assertEquals(2.5, s.mean(), 1e-12);
        assertEquals(Math.sqrt(5.0 / 3), s.sd(), 1e-12);
        assertEquals(1, s.min());
        assertEquals(4, s.max());
        assertEquals(0, Spread.of(7).sd());
        assertEquals("7", Spread.of(7).format(Unit.NUMBER));
        assertThrows(IllegalArgumentException.class, () -> Spread.of());
        assertThrows(IllegalArgumentException.class, () -> Spread.of(1, Double.NaN));
    }

    @Test
    void aDifferenceCountsOnlyWhenTheRangesDoNotOverlap() {
        Difference clear = Difference.of("A", Spread.of(0.90, 0.92, 0.91), "B", Spread.of(0.80, 0.85, 0.82), Unit.PERCENT);
        assertTrue(clear.exceedsSpread());
        assertTrue(clear.firstIsHigher());
        assertTrue(clear.sentence().contains("A is higher by 8.7 points, more than the spread over 3 seeds"),
                clear.sentence());
        Difference noise = Difference.of("A", Spread.of(0.90, 0.80, 0.85), "B", Spread.of(0.84, 0.83, 0.88), Unit.PERCENT);
        assertFalse(noise.exceedsSpread());
        assertFalse(noise.firstIsHigher() || noise.secondIsHigher());
        assertTrue(noise.sentence().contains("no difference is shown"), noise.sentence());
        assertTrue(Difference.of("A", Spread.of(1), "B", Spread.of(2), Unit.LOSS).sentence().contains("one run each"));
    }

    @Test
    void aResultTableFormatsEachColumnInItsUnit() {
        ResultTable t = new ResultTable("norms").text("norm").percent("strings right").loss("held-out loss")
                .row("LayerNorm", 0.678, 0.22412)
                .row("BatchNorm", Spread.of(0.17, 0.19), 3.806);
        assertEquals("67.8 %", t.get(0, "strings right"));
        assertEquals("0.224", t.get(0, "held-out loss"));
        assertEquals("18.0 ± 1.4 %", t.get(1, "strings right"));
        assertEquals(List.of("norm", "strings right", "held-out loss"), t.table().columnNames());
        assertThrows(IllegalArgumentException.class, () -> t.row("only one"));
        assertThrows(IllegalArgumentException.class, () -> new ResultTable("x").percent("p").row("text"));
    }

    @Test
    void seedsRunInOrderAndNameTheFailingSeed() {
        Runs<Long> runs = Seeds.run(3, seed -> seed * 10);
        assertEquals(List.of(10L, 20L, 30L), runs.results());
        assertEquals(20, runs.spread(Long::doubleValue).mean(), 1e-12);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Seeds.run(3, seed -> {
            if (seed == 2) {
                throw new IllegalArgumentException("boom");
            }
            return seed;
        }));
        assertTrue(e.getMessage().contains("seed 2") && e.getMessage().contains("boom"), e.getMessage());
    }
}
