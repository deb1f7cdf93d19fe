package org.attentionlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CellParserTest {
    @Test
    void lineMagicsAndCodeKeepTheirOrderAndLines() {
        String cell = "%jars lib/*.jar\nint x = 1;\n%maven a:b:1\nx + 1";
        List<CellParser.Part> parts = CellParser.parse(cell);
        assertEquals(4, parts.size());
        CellParser.LineMagic jars = assertInstanceOf(CellParser.LineMagic.class, parts.get(0));
        assertEquals("jars", jars.name());
        assertEquals(List.of("lib/*.jar"), jars.args());
        CellParser.Code code = assertInstanceOf(CellParser.Code.class, parts.get(1));
        assertEquals(2, code.line());
        assertEquals("int x = 1;\n", code.source());
        assertEquals(cell.indexOf("int x"), code.offset());
        CellParser.Code last = assertInstanceOf(CellParser.Code.class, parts.get(3));
        assertEquals(4, last.line());
        assertEquals("x + 1", last.source());
        assertEquals(cell.indexOf("x + 1"), last.offset());
    }

    @Test
    void cellMagicTakesTheRestOfTheCellAsBody() {
        List<CellParser.Part> parts = CellParser.parse("\n%%loadFromPOM\n<dependency/>\n%jars x");
        assertEquals(1, parts.size());
        CellParser.CellMagic m = assertInstanceOf(CellParser.CellMagic.class, parts.get(0));
        assertEquals("loadFromPOM", m.name());
        assertEquals("<dependency/>\n%jars x", m.body());
    }

    @Test
    void remainderOperatorOnAContinuationLineStaysCode() {
        List<CellParser.Part> parts = CellParser.parse("int r = 10\n    % 3;");
        assertEquals(1, parts.size());
        assertInstanceOf(CellParser.Code.class, parts.get(0));
    }

    @Test
    void magicArgumentsSplitLikeAShell() {
        assertEquals(List.of("a b.jar", "c", "d'e", "f g"), MagicArgs.split(" \"a b.jar\"  c d\\'e 'f g'"));
        assertEquals(List.of(), MagicArgs.split("   "));
    }

    @Test
    void unclosedQuoteIsReported() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MagicArgs.split("\"a.jar"));
        assertEquals("unclosed \" quote in magic arguments: \"a.jar", e.getMessage());
    }
}
