package org.attentionlab.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a notebook cell into IJava's parts: a cell magic ({@code %%name args} on the first line,
 * the rest of the cell its body), or a sequence of line magics ({@code %name args} on a line of
 * their own) and Java code between them, in the order they must run.
 *
 * <p>A magic name must start with a letter right after the {@code %}, so a continuation line
 * such as {@code % 3} (Java's remainder) stays code. Line numbers are kept so errors can name the
 * cell's line.
 */
final class CellParser {
    private static final Pattern LINE_MAGIC = Pattern.compile("^\\s*%([A-Za-z][\\w.-]*)(.*)$");
    private static final Pattern CELL_MAGIC = Pattern.compile("^\\s*%%([A-Za-z][\\w.-]*)(.*)$");

    private CellParser() {
    }

    /** One part of a cell, starting at {@code line} (1-based) of the cell. */
    sealed interface Part permits Code, LineMagic, CellMagic {
        int line();
    }

    /** Java code to hand to JShell; {@code offset} is where it starts in the cell's text. */
    record Code(String source, int line, int offset) implements Part {
    }

    record LineMagic(String name, List<String> args, int line) implements Part {
    }

    record CellMagic(String name, List<String> args, String body, int line) implements Part {
    }

    static List<Part> parse(String cell) {
        List<Part> parts = new ArrayList<>();
        String[] lines = cell.split("\n", -1);
        int firstLine = 0;
        while (firstLine < lines.length && lines[firstLine].isBlank()) {
            firstLine++;
        }
        if (firstLine < lines.length) {
            Matcher m = CELL_MAGIC.matcher(lines[firstLine]);
            if (m.matches()) {
                StringBuilder body = new StringBuilder();
                for (int i = firstLine + 1; i < lines.length; i++) {
                    body.append(lines[i]);
                    if (i < lines.length - 1) {
                        body.append('\n');
                    }
                }
                parts.add(new CellMagic(m.group(1), MagicArgs.split(m.group(2)), body.toString(), firstLine + 1));
                return parts;
            }
        }
        StringBuilder code = new StringBuilder();
        int codeLine = 1;
        int codeOffset = 0;
        int offset = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher m = LINE_MAGIC.matcher(line);
            if (m.matches() && !line.trim().startsWith("%%")) {
                flush(parts, code, codeLine, codeOffset);
                parts.add(new LineMagic(m.group(1), MagicArgs.split(m.group(2)), i + 1));
                codeLine = i + 2;
                codeOffset = offset + line.length() + 1;
            } else {
                code.append(line);
                if (i < lines.length - 1) {
                    code.append('\n');
                }
            }
            offset += line.length() + 1;
        }
        flush(parts, code, codeLine, codeOffset);
        return parts;
    }

    private static void flush(List<Part> parts, StringBuilder code, int line, int offset) {
        if (!code.toString().isBlank()) {
            parts.add(new Code(code.toString(), line, offset));
        }
        code.setLength(0);
    }
}
