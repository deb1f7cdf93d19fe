package org.attentionlab.viz;

import java.awt.Font;
import java.awt.Graphics2D;
import java.util.List;

/**
 * All heads of all layers of one attention kind (say, decoder cross-attention) for one example:
 * one small heat map a head, layers down, heads across, one shared colour scale.
 *
 * <p>The shared scale runs from 0 to the largest weight anywhere in the grid, so a diffuse head
 * looks pale next to a sharp one, which is the comparison such a grid is for. Token labels go
 * on the left of the first column (queries) and under the last row (keys), thinned to fit.
 * Drawn with Java2D: XChart would need one full chart per head, and 48 of them were slow and
 * mostly axes.
 */
public final class AttentionGrid implements Drawing {
    private static final int PAD = 12;
    private static final int GAP = 6;
    private static final int BAR = 12;
    private static final Font HEADER = new Font(Style.FAMILY, Font.PLAIN, 12);
    /** Token labels are cut to this many characters here (the single-head {@link HeatMap} shows more). */
    private static final int GRID_LABEL = 10;

    private final String title;
    private final double[][][][] w;
    private final List<String> rows;
    private final List<String> cols;
    private final ColorScale scale;
    private final double cell;
    private final int panelW;
    private final int panelH;
    private final int left;
    private final int top;
    private final int width;
    private final int height;

    /**
     * @param weights   [layers][heads][queries][keys]; every head of every layer the same shape
     * @param queryTokens labels for the rows, or null for indices
     * @param keyTokens   labels for the columns, or null for indices
     */
    public AttentionGrid(String title, double[][][][] weights, List<String> queryTokens, List<String> keyTokens) {
        Args.notNull("weights", weights);
        if (weights.length == 0 || weights[0] == null || weights[0].length == 0) {
            throw new IllegalArgumentException("weights must hold at least one layer with one head, got "
                    + weights.length + " layers");
        }
        int tq = weights[0][0].length;
        int tk = Args.rectangular("weights[0][0]", weights[0][0]);
        double hi = 0;
        for (int l = 0; l < weights.length; l++) {
            if (weights[l] == null || weights[l].length != weights[0].length) {
                throw new IllegalArgumentException("every layer must have " + weights[0].length + " heads, layer "
                        + l + " has " + (weights[l] == null ? "none" : weights[l].length));
            }
            for (int h = 0; h < weights[l].length; h++) {
                int c = Args.rectangular("weights[" + l + "][" + h + "]", weights[l][h]);
                if (weights[l][h].length != tq || c != tk) {
                    throw new IllegalArgumentException("weights[" + l + "][" + h + "] is " + weights[l][h].length
                            + "x" + c + ", expected " + tq + "x" + tk + " like weights[0][0]");
                }
                hi = Math.max(hi, ColorScale.range(weights[l][h])[1]);
            }
        }
        Args.labels("queryTokens", queryTokens, tq);
        Args.labels("keyTokens", keyTokens, tk);
        this.title = title == null ? "" : title;
        this.w = weights;
        this.rows = HeatMap.shorten(queryTokens, tq, GRID_LABEL);
        this.cols = HeatMap.shorten(keyTokens, tk, GRID_LABEL);
        this.scale = ColorScale.sequential(0, hi);
        int heads = weights[0].length;
        int titleH = this.title.isEmpty() ? 0 : Paint.textHeight(Style.TITLE) + 8;
        int layerW = Paint.textWidth(HEADER, "layer " + (weights.length - 1)) + 8;
        int right = 14 + BAR + 4 + Paint.colorBarLabelWidth(scale) + PAD;
        // The cell size follows from the width a notebook shows (Style.NOTEBOOK_WIDTH): what is
        // left after the labels and the colour bar is shared by the heads. Panels stay at most
        // 150 px on a side, so a grid of few heads does not blow up; only when the cells would
        // drop below 0.8 px (16 heads of 100 tokens) does the grid get wider than a notebook.
        int leftIfLabels = PAD + layerW + Paint.maxWidth(Style.TOKEN, rows) + 4;
        double avail = Style.NOTEBOOK_WIDTH - leftIfLabels - right - (heads - 1) * GAP - heads; // - heads: ceil per panel
        this.cell = Math.max(0.8, Math.min(Math.min(14, 150.0 / Math.max(tq, tk)), avail / (heads * tk)));
        this.panelW = (int) Math.ceil(cell * tk);
        this.panelH = (int) Math.ceil(cell * tq);
        this.left = showTokens() ? leftIfLabels : PAD + layerW;
        this.top = PAD + titleH + Paint.textHeight(HEADER) + 4;
        int bottom = (showTokens() ? Paint.maxWidth(Style.TOKEN, cols) + 6 : 0) + PAD;
        this.width = Math.max(left + heads * (panelW + GAP) - GAP + right,
                Paint.textWidth(Style.TITLE, this.title) + 2 * PAD);
        this.height = top + weights.length * (panelH + GAP) - GAP + bottom;
    }

    /**
     * Token labels only when a cell is big enough for a thinned set of them to be useful: at
     * 2.5 px a cell every 5th or 10th token is labelled, below that the labels would name
     * positions too far apart to point at a cell.
     */
    boolean showTokens() {
        return cell >= 2.5;
    }

    /** Side of one cell in pixels. */
    double cell() {
        return cell;
    }

    /** Every how-many tokens get a label, so that labels in {@link Style#TOKEN} never overlap. */
    int labelStride() {
        return Paint.stride(cell, Paint.textHeight(Style.TOKEN));
    }

    public int layers() {
        return w.length;
    }

    public int heads() {
        return w[0].length;
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
        g.setColor(Style.TEXT);
        if (!title.isEmpty()) {
            g.setFont(Style.TITLE);
            g.drawString(title, PAD, PAD + g.getFontMetrics().getAscent());
        }
        g.setFont(HEADER);
        for (int h = 0; h < heads(); h++) {
            Paint.centred(g, "head " + h, x(h) + panelW / 2.0, top - 4 - g.getFontMetrics().getDescent());
        }
        for (int l = 0; l < layers(); l++) {
            g.setFont(HEADER);
            g.setColor(Style.TEXT);
            g.drawString("layer " + l, PAD, (float) (y(l) + panelH / 2.0 + g.getFontMetrics().getAscent() / 2.0));
            for (int h = 0; h < heads(); h++) {
                Paint.cells(g, w[l][h], scale, x(h), y(l), cell, cell);
                g.setColor(Style.GRID);
                g.drawRect(x(h), y(l), panelW, panelH);
            }
        }
        if (showTokens()) {
            g.setFont(Style.TOKEN);
            g.setColor(Style.TEXT);
            int stride = labelStride();
            for (int l = 0; l < layers(); l++) {
                for (int i = 0; i < rows.size(); i += stride) {
                    Paint.rightAligned(g, rows.get(i), left - 3, y(l) + (i + 0.5) * cell);
                }
            }
            int below = y(layers() - 1) + panelH + 3;
            for (int h = 0; h < heads(); h++) {
                for (int j = 0; j < cols.size(); j += stride) {
                    Paint.vertical(g, cols.get(j), x(h) + (j + 0.5) * cell, below);
                }
            }
        }
        int gridRight = x(heads() - 1) + panelW;
        Paint.colorBar(g, scale, gridRight + 14, top, BAR, Math.max(40, Math.min(200, y(layers() - 1) + panelH - top)));
    }

    private int x(int head) {
        return left + head * (panelW + GAP);
    }

    private int y(int layer) {
        return top + layer * (panelH + GAP);
    }
}
