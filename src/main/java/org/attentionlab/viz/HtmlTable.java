package org.attentionlab.viz;

import java.util.Locale;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A Tablesaw table as HTML: a {@code <table>} fragment for reports and notebooks (Tablesaw's own
 * HTML writer lives in a separate module we do not need), numbers right-aligned and shortened to
 * four significant digits, missing cells empty, every string escaped.
 */
public final class HtmlTable {
    private HtmlTable() {
    }

    /** The {@code <table>} element alone. */
    public static String fragment(Table t) {
        Args.notNull("table", t);
        StringBuilder sb = new StringBuilder();
        sb.append("<table class=\"attention-lab\">\n");
        if (!t.name().isEmpty()) {
            sb.append("<caption>").append(escape(t.name())).append("</caption>\n");
        }
        sb.append("<thead><tr>");
        for (Column<?> c : t.columns()) {
            sb.append("<th>").append(escape(c.name())).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < t.rowCount(); r++) {
            sb.append("<tr>");
            for (Column<?> c : t.columns()) {
                boolean num = isNumeric(c);
                sb.append(num ? "<td style=\"text-align:right\">" : "<td>")
                        .append(c.isMissing(r) ? "" : escape(cell(c.get(r)))).append("</td>");
            }
            sb.append("</tr>\n");
        }
        return sb.append("</tbody>\n</table>\n").toString();
    }

    /** A standalone page with a little CSS and, when {@code csvName} is given, a link to the CSV. */
    public static String page(Table t, String csvName) {
        String link = csvName == null ? "" : "<p><a href=\"" + escape(csvName) + "\">" + escape(csvName) + "</a></p>\n";
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + escape(t.name()) + "</title>\n"
                + "<style>body{font-family:'DejaVu Sans',sans-serif;font-size:14px}"
                + "table.attention-lab{border-collapse:collapse}"
                + "table.attention-lab th,table.attention-lab td{border:1px solid #ddd;padding:4px 8px}"
                + "table.attention-lab th{background:#f4f4f4}caption{font-weight:bold;padding:6px}</style>\n"
                + "</head><body>\n" + fragment(t) + link + "</body></html>\n";
    }

    private static boolean isNumeric(Column<?> c) {
        return c instanceof tech.tablesaw.api.NumericColumn<?>;
    }

    static String cell(Object v) {
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
            double a = Math.abs(d);
            if (a >= 1e5 || a < 1e-3) {
                return String.format(Locale.ROOT, "%.3e", d);
            }
            return new java.math.BigDecimal(d).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(v);
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }
}
