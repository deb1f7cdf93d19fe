package org.attentionlab.viz;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;

/** Java2D pieces shared by the heat-map drawings: cells, labels, a colour bar. */
final class Paint {
    /** A scratch graphics context, only for measuring text before the real one exists. */
    private static final Graphics2D MEASURE = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();

    private Paint() {
    }

    static synchronized int textWidth(Font f, String s) {
        return MEASURE.getFontMetrics(f).stringWidth(s);
    }

    static synchronized int textHeight(Font f) {
        FontMetrics fm = MEASURE.getFontMetrics(f);
        return fm.getAscent() + fm.getDescent();
    }

    static int maxWidth(Font f, List<String> labels) {
        int w = 0;
        if (labels != null) {
            for (String s : labels) {
                w = Math.max(w, textWidth(f, s));
            }
        }
        return w;
    }

    /** Fills one rectangle per matrix entry, row 0 at the top. */
    static void cells(Graphics2D g, double[][] m, ColorScale scale, double x, double y, double cw, double ch) {
        for (int i = 0; i < m.length; i++) {
            int y0 = (int) Math.round(y + i * ch);
            int y1 = (int) Math.round(y + (i + 1) * ch);
            for (int j = 0; j < m[i].length; j++) {
                int x0 = (int) Math.round(x + j * cw);
                int x1 = (int) Math.round(x + (j + 1) * cw);
                g.setColor(scale.color(m[i][j]));
                g.fillRect(x0, y0, x1 - x0, y1 - y0);
            }
        }
    }

    /** Draws {@code s} with its right edge at {@code right}, vertically centred on {@code cy}. */
    static void rightAligned(Graphics2D g, String s, int right, double cy) {
        FontMetrics fm = g.getFontMetrics();
        g.drawString(s, right - fm.stringWidth(s), (float) (cy + (fm.getAscent() - fm.getDescent()) / 2.0));
    }

    static void centred(Graphics2D g, String s, double cx, int baseline) {
        g.drawString(s, (float) (cx - g.getFontMetrics().stringWidth(s) / 2.0), baseline);
    }

    /** Draws {@code s} rotated 90 degrees (reading bottom to top), its end at {@code top}, centred on cx. */
    static void vertical(Graphics2D g, String s, double cx, int top) {
        FontMetrics fm = g.getFontMetrics();
        AffineTransform saved = g.getTransform();
        g.translate(cx + (fm.getAscent() - fm.getDescent()) / 2.0, top + fm.stringWidth(s));
        g.rotate(-Math.PI / 2);
        g.drawString(s, 0, 0);
        g.setTransform(saved);
    }

    /**
     * Every how-many labels to draw when each needs {@code need} pixels but gets {@code step}:
     * rounded up to 1, 2 or 5 times a power of ten so that index labels read 0, 10, 20, ...
     */
    static int stride(double step, int need) {
        int raw = Math.max(1, (int) Math.ceil(need / Math.max(step, 1e-9)));
        for (int p = 1; ; p *= 10) {
            for (int f : new int[] {1, 2, 5}) {
                if ((long) f * p >= raw) {
                    return f * p;
                }
            }
        }
    }

    /** A vertical colour bar with three tick labels (low, middle, high) to its right. */
    static void colorBar(Graphics2D g, ColorScale scale, int x, int y, int w, int h) {
        for (int k = 0; k < h; k++) {
            double v = scale.high() - (scale.high() - scale.low()) * k / Math.max(1, h - 1);
            g.setColor(scale.color(v));
            g.fillRect(x, y + k, w, 1);
        }
        g.setColor(Style.GRID);
        g.drawRect(x, y, w, h);
        g.setColor(Style.TEXT);
        g.setFont(Style.TICK);
        double mid = (scale.low() + scale.high()) / 2;
        int tx = x + w + 4;
        g.drawString(format(scale.high()), tx, y + g.getFontMetrics().getAscent() - 2);
        g.drawString(format(mid), tx, y + h / 2 + g.getFontMetrics().getAscent() / 2);
        g.drawString(format(scale.low()), tx, y + h);
    }

    static int colorBarLabelWidth(ColorScale scale) {
        return Math.max(textWidth(Style.TICK, format(scale.high())), textWidth(Style.TICK, format(scale.low())));
    }

    static String format(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        return a >= 1e4 || a < 1e-2 ? String.format(java.util.Locale.ROOT, "%.1e", v)
                : String.format(java.util.Locale.ROOT, "%.2f", v);
    }
}
