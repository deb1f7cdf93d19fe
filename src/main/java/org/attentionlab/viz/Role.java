package org.attentionlab.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.Locale;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The things lessons compare again and again, each with one colour and line style, so that
 * "validation" or "beam search" looks the same in every notebook.
 *
 * <p>They come in pairs. The first of a pair (the usual or reference choice) is drawn solid,
 * the second dashed, so a pair stays apart in grey print and for readers who confuse the two
 * colours. Colours are Okabe-Ito ({@link Style#PALETTE}); with twelve roles and seven usable
 * colours, pairs that never share a chart share colours: what is fixed is the colour of a
 * role, not that no other role has it.
 *
 * <pre>
 * TRAIN          blue        solid   | VALIDATION    vermillion      dashed, markers
 * GREEDY         green       solid   | BEAM          reddish purple  dashed
 * TEACHER_FORCED orange      solid   | FREE_RUNNING  sky blue        dashed
 * LAYER_NORM     blue        solid   | BATCH_NORM    orange          dashed
 * POST_LN        vermillion  solid   | PRE_LN        green           dashed
 * SCALED         blue        solid   | UNSCALED      vermillion      dashed
 * </pre>
 */
public enum Role {
    TRAIN(0, false, "train", "training", "training loss", "train loss"),
    VALIDATION(1, true, "validation", "val", "valid", "validation loss", "dev"),
    GREEDY(2, false, "greedy", "greedy search", "greedy decoding"),
    BEAM(3, true, "beam", "beam search"),
    TEACHER_FORCED(4, false, "teacher-forced", "teacher forcing", "teacher forced"),
    FREE_RUNNING(5, true, "free-running", "free running", "autoregressive"),
    LAYER_NORM(0, false, "layernorm", "layer norm", "layer-norm"),
    BATCH_NORM(4, true, "batchnorm", "batch norm", "batch-norm"),
    POST_LN(1, false, "post-ln", "post-norm", "post ln", "postln"),
    PRE_LN(2, true, "pre-ln", "pre-norm", "pre ln", "preln"),
    SCALED(0, false, "scaled", "scaled dot-product"),
    UNSCALED(1, true, "unscaled", "unscaled dot-product");

    private static final BasicStroke SOLID = new BasicStroke(2f);
    private static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
            10f, new float[] {6f, 4f}, 0f);

    private final int colour;
    private final boolean dashed;
    private final String[] names;

    Role(int colour, boolean dashed, String... names) {
        this.colour = colour;
        this.dashed = dashed;
        this.names = names;
    }

    public Color color() {
        return Style.PALETTE[colour];
    }

    /** Solid for the first of a pair, dashed for the second. */
    public BasicStroke stroke() {
        return dashed ? DASHED : SOLID;
    }

    /** Gives {@code series} this role's colour and line (validation also gets circle markers). */
    public XYSeries apply(XYSeries series) {
        series.setLineColor(color());
        series.setLineStyle(stroke());
        series.setMarkerColor(color());
        series.setMarker(this == VALIDATION ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        return series;
    }

    /**
     * The role named {@code name}: the constant's name or a usual spelling, any case
     * ("validation", "val", "beam search", "pre-norm", "LayerNorm", "teacher forcing").
     */
    public static Role of(String name) {
        Args.notNull("role", name);
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (Role r : values()) {
            if (r.name().toLowerCase(Locale.ROOT).equals(n.replace('-', '_').replace(' ', '_'))) {
                return r;
            }
            for (String alias : r.names) {
                if (alias.equals(n)) {
                    return r;
                }
            }
        }
        throw new IllegalArgumentException("no role named '" + name + "'; roles: "
                + java.util.Arrays.toString(values()));
    }
}
