package org.attentionlab.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FiguresTest {
    @TempDir
    Path dir;

    @AfterEach
    void forget() {
        Figures.clear();
    }

    @Test
    void figuresAreWrittenAsOneFlatObjectWithSeedLists() throws Exception {
        Figures.record("copy_sequence_accuracy", 0.991, Unit.PERCENT);
        Figures.record("warmup_gain", Spread.of(0.1, 0.13, 0.13), Unit.LOSS);
        Path file = dir.resolve("sub/01-x.json");
        Figures.writeTo(file);
        JsonObject o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        assertEquals(0.991, o.get("copy_sequence_accuracy").getAsDouble());
        assertEquals(0.12, o.get("warmup_gain").getAsDouble(), 1e-12);
        assertEquals(3, o.getAsJsonArray("warmup_gain_seeds").size());
        assertEquals(0.13, o.getAsJsonArray("warmup_gain_seeds").get(2).getAsDouble());
        assertEquals(3, o.size());
        assertEquals(0.12, Figures.get("warmup_gain"), 1e-12);
        assertEquals(2, Figures.table().rowCount());
        assertEquals("12.0 ± 1.7 %", Unit.PERCENT.format(0.12, Spread.of(0.1, 0.13, 0.13).sd()));
    }

    @Test
    void badNamesAndValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Figures.record("Bad Name", 1, Unit.NUMBER));
        assertThrows(IllegalArgumentException.class, () -> Figures.record("x_seeds", 1, Unit.NUMBER));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Figures.record("bleu", Double.NaN, Unit.NUMBER));
        assertEquals(true, e.getMessage().contains("bleu"));
        assertThrows(IllegalArgumentException.class, () -> Figures.get("never_recorded"));
    }
}
