package org.attentionlab.lesson;

import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A results table whose numbers are written in their unit: percentages with one decimal, losses
 * with three significant digits, spreads as mean ± standard deviation. Declare the columns, add
 * rows, and show it (the kernel renders it as an HTML table):
 *
 * <pre>{@code
 * new ResultTable("norms").text("norm").percent("strings right").loss("held-out loss")
 *     .row("LayerNorm", 0.678, 0.224)
 *     .row("BatchNorm", spreadOfAccuracy, spreadOfLoss)
 * }</pre>
 */
public final class ResultTable {
    private final String title;
    private final List<String> names = new ArrayList<>();
    private final List<Unit> units = new ArrayList<>(); // null for a text column
    private final List<String[]> rows = new ArrayList<>();

    public ResultTable(String title) {
        this.title = title == null ? "" : title;
    }

    public ResultTable text(String name) {
        return column(name, null);
    }

    public ResultTable percent(String name) {
        return column(name, Unit.PERCENT);
    }

    public ResultTable loss(String name) {
        return column(name, Unit.LOSS);
    }

    public ResultTable number(String name) {
        return column(name, Unit.NUMBER);
    }

    public ResultTable count(String name) {
        return column(name, Unit.COUNT);
    }

    public ResultTable seconds(String name) {
        return column(name, Unit.SECONDS);
    }

    /** A column written in {@code unit} (null: text). */
    public ResultTable column(String name, Unit unit) {
        if (!rows.isEmpty()) {
            throw new IllegalStateException("declare every column before the first row");
        }
        if (name == null || name.isBlank() || names.contains(name)) {
            throw new IllegalArgumentException("column names must be distinct and not blank, got '" + name + "'");
        }
        names.add(name);
        units.add(unit);
        return this;
    }

    /** One row: a value per column; text columns take any object, unit columns a number or a {@link Spread}. */
    public ResultTable row(Object... cells) {
        if (cells.length != names.size()) {
            throw new IllegalArgumentException("table '" + title + "' has " + names.size() + " columns " + names
                    + ", but the row has " + cells.length + " values");
        }
        String[] r = new String[cells.length];
        for (int c = 0; c < cells.length; c++) {
            r[c] = cell(c, cells[c]);
        }
        rows.add(r);
        return this;
    }

    private String cell(int c, Object v) {
        Unit u = units.get(c);
        if (u == null || v == null) {
            return String.valueOf(v);
        }
        if (v instanceof Spread s) {
            return s.format(u);
        }
        if (v instanceof Number n) {
            return u.format(n.doubleValue());
        }
        throw new IllegalArgumentException("column '" + names.get(c) + "' holds " + u.name().toLowerCase()
                + " values; got " + v.getClass().getSimpleName() + " " + v);
    }

    public int rowCount() {
        return rows.size();
    }

    /** The cell at {@code row}, {@code column} as shown. */
    public String get(int row, String column) {
        int c = names.indexOf(column);
        if (c < 0) {
            throw new IllegalArgumentException("no column '" + column + "' in " + names);
        }
        return rows.get(row)[c];
    }

    /** The table as a Tablesaw table of formatted text. */
    public Table table() {
        Table t = Table.create(title);
        for (int c = 0; c < names.size(); c++) {
            StringColumn col = StringColumn.create(names.get(c));
            for (String[] r : rows) {
                col.append(r[c]);
            }
            t.addColumns(col);
        }
        return t;
    }

    @Override
    public String toString() {
        return table().print();
    }
}
