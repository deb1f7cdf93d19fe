package org.attentionlab.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;

class TablesTest {
    @TempDir
    Path dir;

    private static Map<String, Object> run(String variant, int layers, Double bleu, double seconds, boolean pre) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("variant", variant);
        m.put("layers", layers);
        m.put("bleu", bleu);
        m.put("seconds", seconds);
        m.put("pre_norm", pre);
        return m;
    }

    @Test
    void resultsRoundTripThroughCsv() throws Exception {
        Table t = Tables.results("results", List.of(run("base", 6, 27.3, 812.5, false),
                run("pre-norm, \"small\"", 2, null, 95.0, true)));
        Table back = Tables.readCsv(Tables.writeCsv(t, dir.resolve("results.csv")));
        assertEquals(t.columnNames(), back.columnNames());
        assertEquals(List.of(ColumnType.STRING, ColumnType.INTEGER, ColumnType.DOUBLE, ColumnType.DOUBLE,
                ColumnType.BOOLEAN), back.columns().stream().map(c -> c.type()).toList());
        assertEquals(t.rowCount(), back.rowCount());
        for (String c : t.columnNames()) {
            for (int r = 0; r < t.rowCount(); r++) {
                assertEquals(t.column(c).isMissing(r), back.column(c).isMissing(r), c + " missing at " + r);
                if (!t.column(c).isMissing(r)) {
                    assertEquals(t.column(c).get(r), back.column(c).get(r), c + " at row " + r);
                }
            }
        }
    }

    @Test
    void mixedTypesInAColumnAreNamed() {
        Map<String, Object> a = new LinkedHashMap<>(Map.of("bleu", 1.0));
        Map<String, Object> b = new LinkedHashMap<>(Map.of("bleu", "n/a"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tables.results("r", List.of(a, b)));
        assertTrue(e.getMessage().contains("'bleu'") && e.getMessage().contains("n/a"), e.getMessage());
    }

    @Test
    void historyRoundTripsThroughTableAndCsv() throws Exception {
        History h = new History("run");
        h.step(1, 9.5, 1e-4, 1000).step(2, 8.25, 2e-4, 1100).validation(2, 8.5).validation(3, 8.0);
        Table t = Tables.history(h);
        assertEquals(3, t.rowCount(), "a validation at a step without training record gets its own row");
        Table back = Tables.readCsv(Tables.writeCsv(t, dir.resolve("h.csv")));
        History h2 = Tables.toHistory("run", back);
        assertArrayEquals(h.steps(), h2.steps());
        assertArrayEquals(h.trainLoss(), h2.trainLoss());
        assertArrayEquals(h.learningRate(), h2.learningRate());
        assertArrayEquals(h.validationSteps(), h2.validationSteps());
        assertArrayEquals(h.validationLoss(), h2.validationLoss());
    }

    @Test
    void historiesStackWithARunColumn() {
        Table t = Tables.histories(Gallery.Demo.runs());
        assertEquals("run", t.columnNames().get(0));
        assertEquals(600, t.rowCount());
        assertEquals(300, t.where(t.stringColumn("run").isEqualTo("pre-norm")).rowCount());
    }

    @Test
    void reportWritesHtmlNextToCsvAndEscapes() throws Exception {
        Table t = Tables.results("a<b", List.of(run("<script>", 1, 0.123456, 3.0, false)));
        Path html = Tables.report(t, dir, "exp");
        assertTrue(Files.exists(dir.resolve("exp.csv")));
        String s = Files.readString(html);
        assertTrue(s.contains("&lt;script&gt;") && !s.contains("<script>"), s);
        assertTrue(s.contains(">0.1235<"), "four significant digits: " + s);
        assertTrue(s.contains("href=\"exp.csv\""), s);
    }

    @Test
    void readingAMissingFileSaysWhich() {
        Exception e = assertThrows(java.io.IOException.class, () -> Tables.readCsv(dir.resolve("nope.csv")));
        assertTrue(e.getMessage().contains("nope.csv"), e.getMessage());
    }

    @Test
    void typesCanBeForcedOnRead() throws Exception {
        Table t = Tables.results("r", List.of(Map.of("n", 3L)));
        Table back = Tables.readCsv(Tables.writeCsv(t, dir.resolve("n.csv")), Map.of("n", ColumnType.LONG));
        assertEquals(ColumnType.LONG, back.column("n").type());
    }
}
