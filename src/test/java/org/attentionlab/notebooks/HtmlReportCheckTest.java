package org.attentionlab.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports open in headless Chromium with every image loaded and the math typeset; MathJax comes
 * from Debian's libjs-mathjax in place of nbconvert's CDN. Skipped without Debian's chromium and
 * libjs-mathjax (.ci/run installs them).
 */
class HtmlReportCheckTest {
    /** The MathJax URL of nbconvert's templates (base/mathjax.html.j2's default). */
    private static final String TEMPLATE_MATHJAX_URL =
            "https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/latest.js?config=TeX-AMS_CHTML-full,Safe";
    /** What that template puts in a page's head (nbconvert 6.5 and 7, lab and classic). */
    private static final String TEMPLATE_MATHJAX = """
            <script src="%s"> </script>
            <script type="text/x-mathjax-config">
            init_mathjax = function() {
                if (window.MathJax) {
                    MathJax.Hub.Config({
                        TeX: {equationNumbers: {autoNumber: "AMS", useLabelIds: true}},
                        tex2jax: {
                            inlineMath: [ ['$','$'], ["\\\\(","\\\\)"] ],
                            displayMath: [ ['$$','$$'], ["\\\\[","\\\\]"] ],
                            processEscapes: true,
                            processEnvironments: true
                        },
                        displayAlign: 'center',
                        CommonHTML: {linebreaks: {automatic: true}}
                    });
                    MathJax.Hub.Queue(["Typeset", MathJax.Hub]);
                }
            }
            init_mathjax();
            </script>
            """;

    private static HtmlReportCheck check;

    @TempDir
    Path dir;

    /** One browser for the whole class; started by the first test that needs it. */
    private static HtmlReportCheck browser() throws Exception {
        assumeTrue(Files.isExecutable(HtmlReportCheck.CHROMIUM), "no " + HtmlReportCheck.CHROMIUM
                + " (apt-get install chromium; .ci/run does)");
        assumeTrue(Files.isRegularFile(HtmlReportCheck.MATHJAX.resolve("MathJax.js")), "no "
                + HtmlReportCheck.MATHJAX + "/MathJax.js (apt-get install libjs-mathjax; .ci/run does)");
        if (check == null) {
            check = HtmlReportCheck.start();
        }
        return check;
    }

    @AfterAll
    static void closeBrowser() {
        if (check != null) {
            check.close();
            check = null;
        }
    }

    private static String page(String mathJaxUrl, String imageSrc) {
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>fixture</title>\n"
                + TEMPLATE_MATHJAX.formatted(mathJaxUrl)
                + "</head><body>\n<div class=\"jp-RenderedMarkdown\"><p>Scores scale by $1/\\sqrt{d_k}$:</p>\n"
                + "<p>$$x^2$$</p></div>\n<div class=\"jp-OutputArea-output\"><img src=\"" + imageSrc + "\"></div>\n"
                + "</body></html>\n";
    }

    private static String pngBase64() throws Exception {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 3, Color.RED.getRGB());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    @Test
    void cdnMathJaxUrlsMapToDebiansMathJax2() {
        Path root = Path.of("/mathjax");
        assertEquals(Optional.of(root.resolve("unpacked/latest.js")),
                HtmlReportCheck.localMathJax(TEMPLATE_MATHJAX_URL, root));
        assertEquals(Optional.of(root.resolve("MathJax.js")), HtmlReportCheck.localMathJax(
                "https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/MathJax.js?config=TeX-AMS_CHTML-full,Safe", root));
        assertEquals(Optional.of(root.resolve("jax/output/CommonHTML/fonts/TeX/fontdata.js")),
                HtmlReportCheck.localMathJax("https://cdn.jsdelivr.net/npm/mathjax@2/jax/output/CommonHTML/fonts/TeX/"
                        + "fontdata.js?V=2.7.9", root));
        assertEquals(Optional.empty(), HtmlReportCheck.localMathJax(
                "https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-chtml.js", root), "MathJax 3 is not in libjs-mathjax");
        assertEquals(Optional.empty(), HtmlReportCheck.localMathJax(
                "https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/../../../../etc/passwd", root));
        assertEquals(Optional.empty(), HtmlReportCheck.localMathJax(
                "https://cdnjs.cloudflare.com/ajax/libs/require.js/2.1.10/require.min.js", root));
    }

    @Test
    void goodPagePassesAndBrokenImageIsReported() throws Exception {
        HtmlReportCheck c = browser();
        Path good = Files.writeString(dir.resolve("good.html"),
                page(TEMPLATE_MATHJAX_URL, "data:image/png;base64," + pngBase64()));
        Path broken = Files.writeString(dir.resolve("broken.html"), page(TEMPLATE_MATHJAX_URL, "missing.png"));

        HtmlReportCheck.Result g = c.check(good);
        assertTrue(g.ok(), g.toString());
        assertEquals(1, g.images());
        assertEquals(1, g.imagesLoaded());
        assertEquals(2, g.mathTypeset(), g.toString());
        assertEquals(0, g.mathErrors());
        assertEquals(0, g.mathRaw());

        HtmlReportCheck.Result b = c.check(broken);
        assertFalse(b.ok(), b.toString());
        assertEquals(1, b.images());
        assertEquals(0, b.imagesLoaded());
        assertEquals(List.of("image not loaded: missing.png"), b.problems());
    }

    @Test
    void mathJaxThatCannotLoadLeavesRawMathAndTexErrorsAreCounted() throws Exception {
        HtmlReportCheck c = browser();
        String png = "data:image/png;base64," + pngBase64();
        Path offline = Files.writeString(dir.resolve("offline.html"),
                page("https://mathjax.example.org/MathJax.js?config=TeX-AMS_CHTML", png));
        HtmlReportCheck.Result r = c.check(offline);
        assertFalse(r.ok());
        assertEquals(0, r.mathTypeset());
        assertEquals(2, r.mathRaw(), r.toString());
        assertTrue(r.problems().stream().anyMatch(p -> p.startsWith("MathJax did not load")), r.toString());
        assertEquals(List.of("https://mathjax.example.org/MathJax.js?config=TeX-AMS_CHTML"), r.blocked());

        Path badTex = Files.writeString(dir.resolve("bad-tex.html"),
                page(TEMPLATE_MATHJAX_URL, png).replace("$$x^2$$", "$$\\frac{x$$"));
        HtmlReportCheck.Result t = c.check(badTex);
        assertEquals(2, t.mathTypeset(), t.toString());
        assertEquals(1, t.mathErrors(), t.toString());
        assertFalse(t.ok());
    }

    /** Debian's nbconvert writes file:///usr/share/javascript/mathjax URLs; upstream's, the template's CDN URL. */
    @Test
    void realNbconvertExportsPassWithDebianAndCdnMathJax() throws Exception {
        HtmlReportCheck c = browser();
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python) && run(List.of(python.toString(), "-c", "import nbconvert"), dir) == 0,
                "no /usr/bin/python3 with nbconvert (apt-get install jupyter-nbconvert; .ci/run does)");
        Path notebook = Files.writeString(dir.resolve("tiny.ipynb"), """
                {"cells": [
                  {"cell_type": "markdown", "id": "m1", "metadata": {},
                   "source": ["Attention scales by $\\\\frac{1}{\\\\sqrt{d_k}}$:\\n", "\\n",
                              "$$\\\\mathrm{softmax}\\\\left(\\\\frac{QK^T}{\\\\sqrt{d_k}}\\\\right)V$$"]},
                  {"cell_type": "code", "id": "c1", "execution_count": 1, "metadata": {}, "source": ["plot()"],
                   "outputs": [{"output_type": "display_data", "metadata": {},
                                "data": {"image/png": "%s", "text/plain": ["<chart>"]}}]}],
                 "metadata": {"kernelspec": {"name": "java", "display_name": "Java", "language": "java"}},
                 "nbformat": 4, "nbformat_minor": 5}
                """.formatted(pngBase64()));
        // As run_notebooks.py exports (lab template), once with the exporter's default MathJax URL
        // and once with the template's own default (the CDN URL upstream nbconvert uses).
        Path script = Files.writeString(dir.resolve("export.py"), """
                import re, sys
                import nbformat
                from nbconvert import HTMLExporter
                nb = nbformat.read(sys.argv[1], as_version=4)
                exporter = HTMLExporter(template_name="lab")
                env = exporter.environment
                macro = env.loader.get_source(env, "mathjax.html.j2")[0]
                cdn = re.search(r'macro mathjax\\(url="([^"]+)"', macro).group(1)
                for name, url in (("default.html", None), ("cdn.html", cdn)):
                    e = HTMLExporter(template_name="lab") if url is None else HTMLExporter(template_name="lab", mathjax_url=url)
                    body, _ = e.from_notebook_node(nb)
                    open(name, "w", encoding="utf-8").write(body)
                print(cdn)
                """);
        Path out = dir.resolve("export.log");
        assertEquals(0, run(List.of(python.toString(), script.toString(), notebook.toString()), dir, out),
                () -> read(out));
        String cdnUrl = read(out).lines().reduce((a, b) -> b).orElse("");
        assertTrue(cdnUrl.startsWith(HtmlReportCheck.CDN_MATHJAX_PREFIX), cdnUrl);
        assertTrue(HtmlReportCheck.localMathJax(cdnUrl, HtmlReportCheck.MATHJAX).isPresent(), cdnUrl);
        assertTrue(read(dir.resolve("cdn.html")).contains("<script src=\"" + cdnUrl + "\">"), "the export loads " + cdnUrl);

        for (String name : List.of("default.html", "cdn.html")) {
            HtmlReportCheck.Result r = c.check(dir.resolve(name));
            assertTrue(r.ok(), r.toString());
            assertEquals(1, r.images(), r.toString());
            assertEquals(1, r.imagesLoaded(), r.toString());
            assertEquals(2, r.mathTypeset(), r.toString());
        }
    }

    @Test
    void publishedReportsShowTheirImagesAndMath() throws Exception {
        Path reports = Path.of("docs/reports");
        List<Path> files;
        try (Stream<Path> s = Files.isDirectory(reports) ? Files.list(reports) : Stream.empty()) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".html")).sorted().toList();
        }
        assumeTrue(!files.isEmpty(), "no docs/reports/*.html yet");
        HtmlReportCheck c = browser();
        for (HtmlReportCheck.Result r : c.checkAll(files)) {
            assertTrue(r.ok(), r.toString());
            assertEquals(r.images(), r.imagesLoaded(), r.toString());
        }
    }

    private static int run(List<String> command, Path dir) throws Exception {
        return run(command, dir, dir.resolve("run.log"));
    }

    private static int run(List<String> command, Path dir, Path log) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (Exception e) {
            return "(" + e + ")";
        }
    }
}
