package org.attentionlab.viz;

import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.util.List;

/** Drawings one above the other, left-aligned, with a gap: e.g. the three attention grids of an example. */
public final class Stack implements Drawing {
    private static final int GAP = 16;
    private final List<Drawing> parts;

    public Stack(List<Drawing> parts) {
        Args.nonEmpty("parts", parts);
        parts.forEach(p -> Args.notNull("part", p));
        this.parts = List.copyOf(parts);
    }

    public List<Drawing> parts() {
        return parts;
    }

    @Override
    public int width() {
        return parts.stream().mapToInt(Drawing::width).max().orElse(1);
    }

    @Override
    public int height() {
        return parts.stream().mapToInt(Drawing::height).sum() + GAP * (parts.size() - 1);
    }

    @Override
    public void paint(Graphics2D g) {
        AffineTransform saved = g.getTransform();
        int y = 0;
        for (Drawing d : parts) {
            g.setTransform(saved);
            g.translate(0, y);
            d.paint(g);
            y += d.height() + GAP;
        }
        g.setTransform(saved);
    }
}
