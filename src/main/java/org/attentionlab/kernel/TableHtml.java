package org.attentionlab.kernel;

import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A Tablesaw table as a compact HTML table (and as text): the head and the tail of a long table with
 * a row count, column types under the names, every value HTML-escaped.
 */
final class TableHtml {
    /** Tables longer than this show their first {@link #HEAD} and last {@link #TAIL} rows. */
    static final int MAX_ROWS = 40;
    static final int HEAD = 15;
    static final int TAIL = 5;

    private TableHtml() {
    }

    static String html(Table t) {
        StringBuilder s = new StringBuilder();
        s.append("<div class=\"attention-lab-table\">");
        s.append("<table>");
        if (t.name() != null && !t.name().isBlank()) {
            s.append("<caption>").append(escape(t.name())).append("</caption>");
        }
        s.append("<thead><tr><th></th>");
        for (int c = 0; c < t.columnCount(); c++) {
            Column<?> col = t.column(c);
            s.append("<th title=\"").append(escape(col.type().name())).append("\">")
                    .append(escape(col.name())).append("</th>");
        }
        s.append("</tr></thead><tbody>");
        int rows = t.rowCount();
        boolean cut = rows > MAX_ROWS;
        for (int r = 0; r < rows; r++) {
            if (cut && r == HEAD) {
                s.append("<tr><td>&#8942;</td><td colspan=\"").append(Math.max(1, t.columnCount()))
                        .append("\">&#8942; ").append(rows - HEAD - TAIL).append(" more rows</td></tr>");
                r = rows - TAIL;
            }
            s.append("<tr><th>").append(r).append("</th>");
            for (int c = 0; c < t.columnCount(); c++) {
                s.append("<td>").append(escape(t.column(c).getString(r))).append("</td>");
            }
            s.append("</tr>");
        }
        s.append("</tbody></table>");
        s.append("<p>").append(rows).append(rows == 1 ? " row" : " rows").append(" \u00d7 ")
                .append(t.columnCount()).append(t.columnCount() == 1 ? " column" : " columns").append("</p>");
        s.append("</div>");
        return s.toString();
    }

    /** Plain text for consoles and for the text/plain part of the output. */
    static String text(Table t) {
        Table shown = t.rowCount() > MAX_ROWS ? t.first(HEAD).append(t.last(TAIL)) : t;
        String body = shown.print(shown.rowCount());
        String size = t.rowCount() + " rows \u00d7 " + t.columnCount() + " columns";
        return t.rowCount() > MAX_ROWS ? body + "\n(" + size + ", middle rows not shown)" : body + "\n(" + size + ")";
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
