package org.attentionlab.viz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * Results and training histories as Tablesaw tables, and their files: CSV for tools, HTML for
 * reports ({@link HtmlTable}).
 *
 * <p>An experiment's results are one row a run, given as maps from column name to value
 * (configuration, metrics, time); columns appear in the order first seen and a run that lacks a
 * column gets a missing value there. A column's type comes from its first non-null value:
 * Integer (or Short, Byte) becomes an int column, Long a long column, other numbers doubles,
 * Boolean booleans, anything else its {@code toString()}.
 */
public final class Tables {
    private Tables() {
    }

    /** One row a run; see the class comment for how columns and types are chosen. */
    public static Table results(String name, List<? extends Map<String, ?>> rows) {
        Args.nonEmpty("rows", rows);
        Map<String, Object> firstValue = new LinkedHashMap<>();
        for (Map<String, ?> row : rows) {
            Args.notNull("row", row);
            row.forEach((k, v) -> {
                if (v != null) {
                    firstValue.putIfAbsent(k, v);
                }
            });
            row.keySet().forEach(k -> firstValue.putIfAbsent(k, null));
        }
        Table t = Table.create(name);
        for (Map.Entry<String, Object> e : firstValue.entrySet()) {
            t.addColumns(column(e.getKey(), e.getValue(), rows));
        }
        return t;
    }

    private static Column<?> column(String key, Object sample, List<? extends Map<String, ?>> rows) {
        if (sample instanceof Integer || sample instanceof Short || sample instanceof Byte) {
            IntColumn c = IntColumn.create(key);
            rows.forEach(r -> {
                Object v = r.get(key);
                if (v == null) {
                    c.appendMissing();
                } else {
                    c.append(number(key, v).intValue());
                }
            });
            return c;
        }
        if (sample instanceof Long) {
            LongColumn c = LongColumn.create(key);
            rows.forEach(r -> {
                Object v = r.get(key);
                if (v == null) {
                    c.appendMissing();
                } else {
                    c.append(number(key, v).longValue());
                }
            });
            return c;
        }
        if (sample instanceof Number) {
            DoubleColumn c = DoubleColumn.create(key);
            rows.forEach(r -> {
                Object v = r.get(key);
                if (v == null) {
                    c.appendMissing();
                } else {
                    c.append(number(key, v).doubleValue());
                }
            });
            return c;
        }
        if (sample instanceof Boolean) {
            BooleanColumn c = BooleanColumn.create(key);
            rows.forEach(r -> {
                Object v = r.get(key);
                if (v == null) {
                    c.appendMissing();
                } else if (v instanceof Boolean b) {
                    c.append(b);
                } else {
                    throw new IllegalArgumentException("column '" + key + "' holds booleans but a row has " + v);
                }
            });
            return c;
        }
        StringColumn c = StringColumn.create(key);
        rows.forEach(r -> {
            Object v = r.get(key);
            if (v == null) {
                c.appendMissing();
            } else {
                c.append(v.toString());
            }
        });
        return c;
    }

    private static Number number(String key, Object v) {
        if (v instanceof Number n) {
            return n;
        }
        throw new IllegalArgumentException("column '" + key + "' holds numbers but a row has '" + v + "' ("
                + v.getClass().getSimpleName() + ")");
    }

    /**
     * A history as a table: step, train_loss, lr, tokens_per_s, and validation_loss where a
     * validation was recorded at that step (missing elsewhere; a validation at a step with no
     * training record gets a row of its own).
     */
    public static Table history(History h) {
        Args.notNull("history", h);
        Map<Long, double[]> byStep = new java.util.TreeMap<>();
        double[] s = h.steps();
        double[] loss = h.trainLoss();
        double[] lr = h.learningRate();
        double[] tps = h.tokensPerSecond();
        for (int i = 0; i < s.length; i++) {
            byStep.put((long) s[i], new double[] {loss[i], lr[i], tps[i], Double.NaN});
        }
        double[] vs = h.validationSteps();
        double[] vl = h.validationLoss();
        for (int i = 0; i < vs.length; i++) {
            byStep.computeIfAbsent((long) vs[i], k -> new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN})[3] = vl[i];
        }
        LongColumn step = LongColumn.create("step");
        DoubleColumn[] cols = {DoubleColumn.create("train_loss"), DoubleColumn.create("lr"),
            DoubleColumn.create("tokens_per_s"), DoubleColumn.create("validation_loss")};
        byStep.forEach((k, v) -> {
            step.append(k);
            for (int j = 0; j < cols.length; j++) {
                cols[j].append(v[j]); // NaN is Tablesaw's missing value for doubles
            }
        });
        Table t = Table.create(h.name(), step);
        t.addColumns(cols);
        return t;
    }

    /** Several histories in one long table with a leading "run" column, ready to filter or pivot. */
    public static Table histories(List<History> runs) {
        Args.nonEmpty("runs", runs);
        Table all = null;
        for (History h : runs) {
            Table t = history(h);
            t.insertColumn(0, StringColumn.create("run", java.util.Collections.nCopies(t.rowCount(), h.name())));
            all = all == null ? t.setName("histories") : all.append(t);
        }
        return all;
    }

    /** Rebuilds a {@link History} from a table with the columns {@link #history} writes. */
    public static History toHistory(String name, Table t) {
        Args.notNull("table", t);
        for (String c : List.of("step", "train_loss")) {
            if (!t.columnNames().contains(c)) {
                throw new IllegalArgumentException("table '" + t.name() + "' has no column '" + c + "', it has "
                        + t.columnNames());
            }
        }
        History h = new History(name);
        for (int i = 0; i < t.rowCount(); i++) {
            long step = (long) value(t, "step", i);
            double loss = value(t, "train_loss", i);
            if (!Double.isNaN(loss)) {
                h.step(step, loss, value(t, "lr", i), value(t, "tokens_per_s", i));
            }
            double v = value(t, "validation_loss", i);
            if (!Double.isNaN(v)) {
                h.validation(step, v);
            }
        }
        return h;
    }

    /** A numeric cell as a double, NaN when missing or when the column does not exist. */
    private static double value(Table t, String column, int row) {
        if (!t.columnNames().contains(column)) {
            return Double.NaN;
        }
        Column<?> c = t.column(column);
        if (c.isMissing(row)) {
            return Double.NaN;
        }
        Object v = c.get(row);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("column '" + column + "' must be numeric, got " + c.type());
    }

    /** Writes {@code t} as CSV (a header line, then one line a row); parent directories are created. */
    public static Path writeCsv(Table t, Path file) throws IOException {
        Args.notNull("table", t);
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        t.write().csv(file.toFile());
        return file;
    }

    /**
     * Reads a CSV written by {@link #writeCsv}. Types are detected (int, long, double, boolean,
     * string); "1.0" stays a double. {@code types} may force the type of named columns.
     */
    public static Table readCsv(Path file, Map<String, ColumnType> types) throws IOException {
        Args.notNull("file", file);
        if (!Files.isRegularFile(file)) {
            throw new IOException("no such file: " + file);
        }
        CsvReadOptions.Builder b = CsvReadOptions.builder(file.toFile())
                .tableName(file.getFileName().toString().replaceFirst("\\.csv$", ""))
                .columnTypesToDetect(new ArrayList<>(List.of(ColumnType.INTEGER, ColumnType.LONG, ColumnType.DOUBLE,
                        ColumnType.BOOLEAN, ColumnType.STRING)))
                .ignoreZeroDecimal(false);
        if (types != null && !types.isEmpty()) {
            b.columnTypesPartial(types);
        }
        return Table.read().usingOptions(b.build());
    }

    public static Table readCsv(Path file) throws IOException {
        return readCsv(file, Map.of());
    }

    /**
     * Writes {@code name}.csv and {@code name}.html side by side in {@code dir} and returns the HTML
     * file; the HTML links to the CSV so a report reader can download the numbers.
     */
    public static Path report(Table t, Path dir, String name) throws IOException {
        Args.notNull("dir", dir);
        Path csv = writeCsv(t, dir.resolve(name + ".csv"));
        Path html = dir.resolve(name + ".html");
        Files.writeString(html, HtmlTable.page(t, csv.getFileName().toString()));
        return html;
    }
}
