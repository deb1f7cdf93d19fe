package org.attentionlab.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.attentionlab.kernel.KernelSpecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real browser: Debian's classic Jupyter Notebook served on localhost with this kernel installed
 * into a private {@code JUPYTER_PATH}, opened in headless Chromium over the DevTools protocol
 * ({@link DevTools}), runs {@code notebooks/00-welcome.ipynb} through the page's own
 * {@code Jupyter.notebook.execute_all_cells()} and checks what the page shows: no error, the chart
 * as a loaded PNG image, the Tablesaw table as an HTML table, and the live display redrawn to its
 * last state (which only {@code update_display_data}, handled by the notebook's JavaScript, does).
 *
 * <p>Skipped without {@code chromium} and {@code jupyter-notebook} (.ci/run installs both). The
 * notebook runs from a copy in a temporary directory beside a {@code target/} whose {@code lib/}
 * links to this JVM's jars, as its first cell ({@code %jars ../target/attention-lab.jar
 * ../target/lib/*.jar}) expects; {@code target/attention-lab.jar} links to the built jar, or is an
 * empty jar before {@code mvn package} (on this kernel that cell changes nothing either way).
 */
class NotebookInBrowserTest {
    static final Path JUPYTER_NOTEBOOK = Path.of("/usr/bin/jupyter-notebook");
    private static final Duration SERVER_START = Duration.ofSeconds(60);
    private static final Duration KERNEL_READY = Duration.ofSeconds(90);
    private static final Duration RUN_ALL = Duration.ofSeconds(240);

    @TempDir
    Path dir;

    @Test
    void welcomeNotebookShowsItsChartTableAndLiveDisplayInTheBrowser() throws Exception {
        assumeTrue(Files.isExecutable(HtmlReportCheck.CHROMIUM), "no " + HtmlReportCheck.CHROMIUM + " (apt-get install chromium)");
        assumeTrue(Files.isExecutable(JUPYTER_NOTEBOOK), "no " + JUPYTER_NOTEBOOK + " (apt-get install jupyter-notebook)");
        KernelSpecs.Launch launch = KernelSpecs.Launch.ofThisJvm(true);
        Path notebooks = layout(launch);
        Path prefix = dir.resolve("prefix");
        KernelSpecs.install(KernelSpecs.prefixKernelsDir(prefix), KernelSpecs.DEFAULT_NAME, launch);

        int port = freePort();
        String token = UUID.randomUUID().toString();
        ProcessBuilder pb = new ProcessBuilder(JUPYTER_NOTEBOOK.toString(), "--no-browser", "--allow-root", "--ip=127.0.0.1",
                "--port=" + port, "--port-retries=0", "--NotebookApp.token=" + token,
                "--notebook-dir=" + notebooks)
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile());
        Map<String, String> env = pb.environment();
        env.put("JUPYTER_PATH", prefix.resolve("share/jupyter").toString());
        env.put("JUPYTER_DATA_DIR", Files.createDirectories(dir.resolve("data")).toString());
        env.put("JUPYTER_CONFIG_DIR", Files.createDirectories(dir.resolve("config")).toString());
        env.put("JUPYTER_RUNTIME_DIR", Files.createDirectories(dir.resolve("runtime")).toString());
        env.put("IPYTHONDIR", Files.createDirectories(dir.resolve("ipython")).toString());
        env.put("ATTENTION_LAB_QUICK", "1");
        Process server = pb.start();
        try {
            String base = "http://127.0.0.1:" + port;
            waitForServer(server, base + "/api/status?token=" + token);
            try (DevTools browser = DevTools.start(HtmlReportCheck.CHROMIUM)) {
                browser.send("Page.navigate", DevTools.params("url", base + "/notebooks/00-welcome.ipynb?token=" + token));
                waitFor(browser, KERNEL_CONNECTED, KERNEL_READY, "the notebook page to load and its kernel to connect");
                browser.evaluate("Jupyter.notebook.execute_all_cells(), true");
                waitFor(browser, RUN_FINISHED, RUN_ALL, "every cell to run");
                JsonObject page = JsonParser.parseString(browser.evaluate(MEASURE).getAsString()).getAsJsonObject();
                assertEquals("[]", page.get("errors").toString(), "error outputs: " + page);
                assertTrue(page.get("pngImages").getAsInt() >= 2, "the chart and the live chart: " + page);
                assertEquals(0, page.get("brokenImages").getAsInt(), "every PNG decodes with a size: " + page);
                assertTrue(page.get("tableWithStepAndLr").getAsBoolean(), "the Tablesaw table as HTML: " + page);
                assertTrue(page.get("liveLast").getAsBoolean(), "the live line's last update: " + page);
                assertEquals(0, page.get("liveFirst").getAsInt(), "its first text was replaced in place: " + page);
            }
        } catch (AssertionError | Exception e) {
            throw new AssertionError(e.getMessage() + "\nserver log:\n" + tail(dir.resolve("server.log")), e);
        } finally {
            stop(server);
        }
    }

    /** notebooks/00-welcome.ipynb beside a target/ its first cell can load (see the class comment). */
    private Path layout(KernelSpecs.Launch launch) throws IOException {
        Path repo = Path.of("").toAbsolutePath();
        Path notebooks = Files.createDirectories(dir.resolve("notebooks"));
        Files.copy(repo.resolve("notebooks/00-welcome.ipynb"), notebooks.resolve("00-welcome.ipynb"));
        Path lib = Files.createDirectories(dir.resolve("target/lib"));
        for (String e : launch.classPath().split(File.pathSeparator)) {
            Path p = Path.of(e);
            if (e.endsWith(".jar") && Files.isRegularFile(p) && !Files.exists(lib.resolve(p.getFileName()))) {
                Files.createSymbolicLink(lib.resolve(p.getFileName()), p.toAbsolutePath());
            }
        }
        Path built = repo.resolve("target/attention-lab.jar");
        Path jar = dir.resolve("target/attention-lab.jar");
        if (Files.isRegularFile(built)) {
            Files.createSymbolicLink(jar, built);
        } else {
            Manifest m = new Manifest();
            m.getMainAttributes().putValue("Manifest-Version", "1.0");
            try (OutputStream f = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(f, m)) {
                out.flush();
            }
        }
        return notebooks;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void waitForServer(Process server, String statusUrl) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + SERVER_START.toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IOException("jupyter-notebook exited with " + server.exitValue());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(statusUrl))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IOException("jupyter-notebook did not answer " + statusUrl + " within " + SERVER_START.toSeconds() + " s");
    }

    private static void waitFor(DevTools browser, String condition, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonElement v = browser.evaluate(condition);
            if (v != null && v.isJsonPrimitive() && v.getAsBoolean()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
    }

    private static void stop(Process server) throws InterruptedException {
        server.descendants().forEach(ProcessHandle::destroy); // the kernel, which the server started
        server.destroy();
        if (!server.waitFor(10, TimeUnit.SECONDS)) {
            server.descendants().forEach(ProcessHandle::destroyForcibly);
            server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static String tail(Path log) {
        try {
            String s = Files.readString(log, StandardCharsets.UTF_8);
            return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static final String KERNEL_CONNECTED = """
            !!(window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded && Jupyter.notebook.kernel
               && Jupyter.notebook.kernel.is_connected() && Jupyter.notebook.kernel.info_reply
               && Jupyter.notebook.kernel.info_reply.status === 'ok')""";

    /** Every code cell has a number for its prompt ('*' while queued or running), or one failed. */
    private static final String RUN_FINISHED = """
            (() => {
              const code = Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code');
              const failed = code.some(c => c.output_area.outputs.some(o => o.output_type === 'error'));
              const running = code.some(c => c.input_prompt_number === '*');
              return !running && (failed || code.every(c => typeof c.input_prompt_number === 'number'));
            })()""";

    /** What the page shows, as JSON. */
    private static final String MEASURE = """
            (() => {
              const code = Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code');
              const errors = [];
              code.forEach(c => c.output_area.outputs.filter(o => o.output_type === 'error')
                  .forEach(o => errors.push(o.ename + ': ' + o.evalue)));
              const imgs = Array.from(document.querySelectorAll('.output_area img'))
                  .filter(i => (i.getAttribute('src') || '').startsWith('data:image/png'));
              const broken = imgs.filter(i => !(i.complete && i.naturalWidth > 0 && i.naturalHeight > 0));
              const tables = Array.from(document.querySelectorAll('.output_area table'));
              const tableWithStepAndLr = tables.some(t => {
                const heads = Array.from(t.querySelectorAll('th')).map(h => h.textContent.trim());
                return heads.includes('step') && heads.includes('lr') && t.querySelectorAll('tbody tr').length === 5;
              });
              const texts = Array.from(document.querySelectorAll('.output_area .output_text, .output_area pre'))
                  .map(e => e.textContent.trim());
              return JSON.stringify({errors, pngImages: imgs.length, brokenImages: broken.length,
                  tables: tables.length, tableWithStepAndLr,
                  liveLast: texts.some(t => /^step 60\\/60 +loss \\d/.test(t)),
                  liveFirst: texts.filter(t => t === 'starting').length});
            })()""";
}
