package org.attentionlab.viz;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * A picture drawn with Java2D rather than by XChart: attention maps, grids of them, position
 * encoding matrices. It paints onto any {@link Graphics2D}, which is what lets the same code
 * give a PNG (through a {@link BufferedImage}) and an SVG (through VectorGraphics2D).
 *
 * <p>Why not XChart's HeatMapChart: it draws one map per chart with axes, legend and padding
 * sized for a full chart, so a 6x8 grid of heads would be 48 charts; drawing cells directly
 * keeps a grid compact and fast (see {@link AttentionGrid}).
 */
public interface Drawing {
    int width();

    int height();

    /** Paints the picture into the rectangle (0, 0, width, height) of {@code g}. */
    void paint(Graphics2D g);

    /** Renders to an RGB image; notebooks display a {@link java.awt.image.RenderedImage} inline. */
    default BufferedImage toImage() {
        BufferedImage img = new BufferedImage(width(), height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Style.BACKGROUND);
            g.fillRect(0, 0, width(), height());
            paint(g);
        } finally {
            g.dispose();
        }
        return img;
    }
}
