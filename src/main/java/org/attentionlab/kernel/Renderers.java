package org.attentionlab.kernel;

import java.lang.reflect.RecordComponent;
import java.util.Map;
import org.attentionlab.nn.Module;
import org.attentionlab.nn.Parameter;
import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.common.Image;
import org.dflib.jjava.jupyter.kernel.display.common.Text;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.nd4j.linalg.api.ndarray.INDArray;
import tech.tablesaw.api.Table;

/**
 * How cell values look in a notebook: XChart charts as PNG images, Tablesaw tables as HTML (and
 * text), INDArrays as shape-labelled text, the toolkit's modules as a parameter table, and records
 * (the toolkit's result and configuration objects) as a field table.
 *
 * <p>Each library's renderer is registered only if the library is on the class path, so the
 * {@link AttentionLabExtension} also works in a stock JJava kernel with only some of them.
 */
public final class Renderers {
    private Renderers() {
    }

    /** Registers every renderer whose library is present. */
    public static void registerAll(Renderer r) {
        if (present("org.knowm.xchart.internal.chartpart.Chart")) {
            Charts.register(r);
        }
        if (present("tech.tablesaw.api.Table")) {
            Tables.register(r);
        }
        Drawings.register(r);
        if (present("org.nd4j.linalg.api.ndarray.INDArray")) {
            Arrays.register(r);
            Modules.register(r);
        }
        r.createRegistration(Record.class)
                .preferring(Text.PLAIN, Text.HTML)
                .register(Renderers::renderRecord);
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, Renderers.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The toolkit's own pictures (attention maps, grids, heat maps) drawn with Java2D. */
    private static final class Drawings {
        static void register(Renderer r) {
            r.createRegistration(org.attentionlab.viz.Drawing.class)
                    .preferring(Image.PNG)
                    .supporting(Image.JPEG, Image.GIF)
                    .register((drawing, ctx) -> Image.renderImage(drawing.toImage(), ctx));
        }
    }

    /** Kept apart so that XChart classes load only when XChart is there. */
    private static final class Charts {
        static void register(Renderer r) {
            r.createRegistration(Chart.class)
                    .preferring(Image.PNG)
                    .supporting(Image.JPEG, Image.GIF)
                    .register((chart, ctx) -> Image.renderImage(BitmapEncoder.getBufferedImage(chart), ctx));
        }
    }

    private static final class Tables {
        static void register(Renderer r) {
            r.createRegistration(Table.class)
                    .preferring(Text.HTML, Text.PLAIN)
                    .register((t, ctx) -> {
                        ctx.renderIfRequested(Text.HTML, () -> TableHtml.html(t));
                        ctx.renderIfRequested(Text.PLAIN, () -> TableHtml.text(t));
                    });
            // A lesson's formatted results table shows as the table it holds.
            r.createRegistration(org.attentionlab.lesson.ResultTable.class)
                    .preferring(Text.HTML, Text.PLAIN)
                    .register((t, ctx) -> {
                        ctx.renderIfRequested(Text.HTML, () -> TableHtml.html(t.table()));
                        ctx.renderIfRequested(Text.PLAIN, () -> TableHtml.text(t.table()));
                    });
        }
    }

    private static final class Arrays {
        static void register(Renderer r) {
            r.createRegistration(INDArray.class)
                    .preferring(Text.PLAIN)
                    .register((a, ctx) -> ctx.renderIfRequested(Text.PLAIN, () -> ArrayText.of(a)));
        }
    }

    private static final class Modules {
        static void register(Renderer r) {
            r.createRegistration(Module.class)
                    .preferring(Text.PLAIN, Text.HTML)
                    .register(Modules::render);
        }

        static void render(Module m, RenderContext ctx) {
            Map<String, Parameter> params = m.namedParameters();
            long total = 0;
            for (Parameter p : params.values()) {
                total += p.length();
            }
            String title = m.getClass().getSimpleName() + ": " + params.size() + " parameter tensors, "
                    + String.format("%,d", total) + " values";
            long all = total;
            ctx.renderIfRequested(Text.PLAIN, () -> {
                StringBuilder s = new StringBuilder(title);
                for (Map.Entry<String, Parameter> e : params.entrySet()) {
                    s.append("\n  ").append(e.getKey()).append(' ')
                            .append(java.util.Arrays.toString(e.getValue().shape()));
                }
                return s.toString();
            });
            ctx.renderIfRequested(Text.HTML, () -> {
                StringBuilder s = new StringBuilder("<table><caption>")
                        .append(TableHtml.escape(m.getClass().getSimpleName())).append(" (")
                        .append(String.format("%,d", all)).append(" parameters)</caption>")
                        .append("<thead><tr><th>name</th><th>shape</th><th>values</th></tr></thead><tbody>");
                for (Map.Entry<String, Parameter> e : params.entrySet()) {
                    s.append("<tr><td>").append(TableHtml.escape(e.getKey())).append("</td><td>")
                            .append(java.util.Arrays.toString(e.getValue().shape())).append("</td><td>")
                            .append(String.format("%,d", e.getValue().length())).append("</td></tr>");
                }
                return s.append("</tbody></table>").toString();
            });
        }
    }

    /** A record as a two-column table of its components; INDArray components by shape only. */
    static void renderRecord(Record rec, RenderContext ctx) {
        ctx.renderIfRequested(Text.PLAIN, rec::toString);
        ctx.renderIfRequested(Text.HTML, () -> {
            StringBuilder s = new StringBuilder("<table><caption>")
                    .append(TableHtml.escape(rec.getClass().getSimpleName())).append("</caption><tbody>");
            for (RecordComponent c : rec.getClass().getRecordComponents()) {
                Object v;
                try {
                    c.getAccessor().setAccessible(true);
                    v = c.getAccessor().invoke(rec);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    v = "(unreadable: " + e.getClass().getSimpleName() + ")";
                }
                s.append("<tr><th style=\"text-align:left\">").append(TableHtml.escape(c.getName()))
                        .append("</th><td style=\"text-align:left\">").append(TableHtml.escape(brief(v)))
                        .append("</td></tr>");
            }
            return s.append("</tbody></table>").toString();
        });
    }

    private static String brief(Object v) {
        if (v != null && present("org.nd4j.linalg.api.ndarray.INDArray") && v instanceof INDArray a) {
            return ArrayText.label(a);
        }
        String s = String.valueOf(v);
        return s.length() > 300 ? s.substring(0, 297) + "..." : s;
    }
}
