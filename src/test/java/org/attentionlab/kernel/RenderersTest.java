package org.attentionlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Base64;
import org.attentionlab.nn.Init;
import org.attentionlab.nn.Linear;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.common.Image;
import org.dflib.jjava.jupyter.kernel.display.common.Text;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class RenderersTest {
    private static Renderer renderer;

    @BeforeAll
    static void registerAll() {
        renderer = new Renderer();
        Image.registerAll(renderer);
        Text.registerAll(renderer);
        Renderers.registerAll(renderer);
    }

    @Test
    void xchartChartBecomesAPng() {
        XYChart chart = new XYChartBuilder().width(200).height(120).title("loss").build();
        chart.addSeries("train", new double[] {1, 2, 3}, new double[] {3, 2, 1});
        DisplayData d = renderer.render(chart);
        String png = (String) d.getData(Image.PNG);
        assertNotNull(png, "image/png expected");
        byte[] bytes = Base64.getDecoder().decode(png);
        assertEquals((byte) 0x89, bytes[0]);
        assertEquals('P', bytes[1]);
    }

    @Test
    void bufferedImageBecomesAPng() {
        DisplayData d = renderer.render(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB));
        assertNotNull(d.getData(Image.PNG));
    }

    @Test
    void attentionMapDrawingBecomesAPng() {
        double[][] w = {{0.9, 0.1}, {0.2, 0.8}};
        DisplayData d = renderer.render(org.attentionlab.viz.HeatMap.attention("head 0", w,
                java.util.List.of("a", "b"), java.util.List.of("x", "y")));
        String png = (String) d.getData(Image.PNG);
        assertNotNull(png, "image/png expected for a viz Drawing");
        assertEquals((byte) 0x89, Base64.getDecoder().decode(png)[0]);
    }

    @Test
    void tableBecomesEscapedHtmlAndText() {
        Table t = Table.create("scores", StringColumn.create("who", "<b>me</b>", "you"), IntColumn.create("n", 1, 2));
        DisplayData d = renderer.render(t);
        String html = (String) d.getData(Text.HTML);
        assertTrue(html.contains("<caption>scores</caption>"), html);
        assertTrue(html.contains("&lt;b&gt;me&lt;/b&gt;"), html);
        assertTrue(html.contains("2 rows \u00d7 2 columns"), html);
        assertTrue(((String) d.getData(Text.PLAIN)).contains("you"));
    }

    @Test
    void longTableShowsHeadAndTail() {
        int[] n = new int[100];
        for (int i = 0; i < n.length; i++) {
            n[i] = i;
        }
        String html = TableHtml.html(Table.create("long", IntColumn.create("n", n)));
        assertTrue(html.contains("<td>14</td>") && !html.contains("<td>15</td>") && html.contains("<td>99</td>"), html);
        assertTrue(html.contains("80 more rows"), html);
    }

    @Test
    void indarrayIsShapeLabelledText() {
        DisplayData d = renderer.render(Nd4j.zeros(DataType.FLOAT, 2, 3));
        String text = (String) d.getData(Text.PLAIN);
        assertTrue(text.startsWith("FLOAT [2, 3]\n"), text);
    }

    @Test
    void moduleShowsItsParameters() {
        DisplayData d = renderer.render(new Linear(4, 3, true, new Init(1, DataType.FLOAT)));
        String text = (String) d.getData(Text.PLAIN);
        assertTrue(text.startsWith("Linear: 2 parameter tensors, 15 values"), text);
        assertTrue(text.contains("weight [3, 4]"), text);
        assertTrue(((String) d.getData(Text.HTML)).contains("<td>weight</td>"));
    }

    record Result(String name, double bleu) {
    }

    @Test
    void recordBecomesAFieldTable() {
        DisplayData d = renderer.render(new Result("base", 27.3));
        assertEquals("Result[name=base, bleu=27.3]", d.getData(Text.PLAIN));
        String html = (String) d.getData(Text.HTML);
        assertTrue(html.contains(">bleu</th><td style=\"text-align:left\">27.3</td>"), html);
    }

    @Test
    void extensionIsRegisteredAsAService() {
        boolean found = java.util.ServiceLoader.load(org.dflib.jjava.jupyter.Extension.class).stream()
                .anyMatch(p -> p.type() == AttentionLabExtension.class);
        assertTrue(found);
    }
}
