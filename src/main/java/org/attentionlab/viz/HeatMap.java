package org.attentionlab.viz;

import java.awt.Graphics2D;
import java.util.ArrayList;
import java.util.List;

/**
 * One matrix as a heat map with labelled rows and columns and a colour bar, drawn with Java2D.
 *
 * <p>For an attention map the rows are the queries (the tokens that attend: targets for
 * cross-attention) and the columns the keys (the tokens attended to: sources), so row i reads as
 * "where token i looks". Cells are square; their size shrinks with the matrix so that the map
 * stays about 560 pixels on its longer side (at least 200 on its shorter) and the whole picture
 * at most {@link Style#NOTEBOOK_WIDTH} wide; labels ({@link Style#TOKEN}, 11 pt) are thinned
 * when they would overlap, never shrunk.
 */
public final class HeatMap implements Drawing {
    private static final int PAD = 12;
    private static final int BAR = 14;
    private static final int MAX_LABEL = 16;

    private final String title;
    private final double[][] m;
    private final List<String> rows;
    private final List<String> cols;
    private final String rowAxis;
    private final String colAxis;
    private final ColorScale scale;
    private final double cw;
    private final double ch;
    private final int left;
    private final int top;
    private final int width;
    private final int height;

    /**
     * @param matrix    [rows][cols], not empty, rectangular; NaN cells (e.g. masked) show grey
     * @param rowLabels one per row, or null for indices
     * @param colLabels one per column, or null for indices
     * @param scale     the colour scale, or null for {@link ColorScale#sequentialFor}
     */
    public HeatMap(String title, double[][] matrix, List<String> rowLabels, List<String> colLabels,
            String rowAxis, String colAxis, ColorScale scale) {
        int nc = Args.rectangular("matrix", matrix);
        Args.labels("rowLabels", rowLabels, matrix.length);
        Args.labels("colLabels", colLabels, nc);
        this.title = title == null ? "" : title;
        this.m = matrix;
        this.rows = shorten(rowLabels, matrix.length);
        this.cols = shorten(colLabels, nc);
        this.rowAxis = rowAxis == null ? "" : rowAxis;
        this.colAxis = colAxis == null ? "" : colAxis;
        this.scale = scale == null ? ColorScale.sequentialFor(matrix) : scale;
        int titleH = this.title.isEmpty() ? 0 : Paint.textHeight(Style.TITLE) + 10;
        int axisH = Paint.textHeight(Style.AXIS_TITLE) + 6;
        this.left = PAD + (this.rowAxis.isEmpty() ? 0 : axisH) + Paint.maxWidth(Style.TOKEN, rows) + 6;
        this.top = PAD + titleH;
        int right = 16 + BAR + 4 + Paint.colorBarLabelWidth(this.scale) + PAD;
        // Square cells keep an attention map's geometry; a very long thin matrix (a position
        // encoding of 50 positions x 512 dimensions) has its short side stretched to 200 px.
        // Then both sides shrink alike until the picture fits a notebook (Style.NOTEBOOK_WIDTH).
        double cell = Math.min(36, 560.0 / Math.max(matrix.length, nc));
        double w = Math.max(cell, Math.min(36, 200.0 / nc));
        double h = Math.max(cell, Math.min(36, 200.0 / matrix.length));
        double shrink = Math.min(1, (Style.NOTEBOOK_WIDTH - left - right) / (w * nc));
        this.cw = Math.max(0.5, w * shrink);
        this.ch = Math.max(0.5, h * shrink);
        int mapW = (int) Math.ceil(cw * nc);
        int mapH = (int) Math.ceil(ch * matrix.length);
        int bottom = Paint.maxWidth(Style.TOKEN, cols) + 6 + (this.colAxis.isEmpty() ? 0 : axisH) + PAD;
        this.width = Math.max(left + mapW + right, Paint.textWidth(Style.TITLE, this.title) + 2 * PAD);
        this.height = top + mapH + bottom;
    }

    /** A heat map of an attention matrix [queries][keys] with the usual axis names and a 0-based scale. */
    public static HeatMap attention(String title, double[][] weights, List<String> queryTokens, List<String> keyTokens) {
        return new HeatMap(title, weights, queryTokens, keyTokens, "query", "key", null);
    }

    /** Cell width and height in pixels. */
    double[] cellSize() {
        return new double[] {cw, ch};
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public void paint(Graphics2D g) {
        int nc = m[0].length;
        Paint.cells(g, m, scale, left, top, cw, ch);
        int mapW = (int) Math.round(cw * nc);
        int mapH = (int) Math.round(ch * m.length);
        g.setColor(Style.TEXT);
        if (!title.isEmpty()) {
            g.setFont(Style.TITLE);
            Paint.centred(g, title, width / 2.0, PAD + g.getFontMetrics().getAscent());
        }
        g.setFont(Style.TOKEN);
        int th = Paint.textHeight(Style.TOKEN);
        int rs = Paint.stride(ch, th);
        for (int i = 0; i < m.length; i += rs) {
            Paint.rightAligned(g, rows.get(i), left - 4, top + (i + 0.5) * ch);
        }
        int cs = Paint.stride(cw, th);
        for (int j = 0; j < nc; j += cs) {
            Paint.vertical(g, cols.get(j), left + (j + 0.5) * cw, top + mapH + 4);
        }
        g.setFont(Style.AXIS_TITLE);
        if (!colAxis.isEmpty()) {
            Paint.centred(g, colAxis, left + mapW / 2.0, height - PAD);
        }
        if (!rowAxis.isEmpty()) {
            Paint.vertical(g, rowAxis, PAD + g.getFontMetrics().getAscent() / 2.0,
                    top + mapH / 2 - Paint.textWidth(Style.AXIS_TITLE, rowAxis) / 2);
        }
        Paint.colorBar(g, scale, left + mapW + 16, top, BAR, Math.max(40, Math.min(mapH, 300)));
    }

    /** Labels cut to a readable length; indices when none are given. */
    static List<String> shorten(List<String> labels, int n) {
        return shorten(labels, n, MAX_LABEL);
    }

    /** Labels cut to {@code max} characters, the last replaced by an ellipsis. */
    static List<String> shorten(List<String> labels, int n, int max) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String s = labels == null ? Integer.toString(i) : String.valueOf(labels.get(i));
            out.add(s.length() > max ? s.substring(0, max - 1) + "\u2026" : s);
        }
        return out;
    }
}
