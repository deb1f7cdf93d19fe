package org.attentionlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IJava-style notebooks of our own (src/test/resources/notebooks/ijava-suite), run headless through
 * the kernelspec as {@code attention-lab reports} runs them, each in a fresh kernel: every cell must
 * run without an error, and each notebook's outputs must show what an IJava user would see.
 *
 * <p>The jars they load are built here from source ({@link IJavaFixtures}): a package whose class
 * names are the toolkit's, a stand-in for another gson version, and a registry library with a
 * plugin in a second jar.
 */
class IJavaNotebookSuiteTest {
    static final List<String> NOTEBOOKS = List.of("clashing-names", "other-library-version", "reflective-plugins",
            "library-logging", "maven-progress");

    @TempDir
    static Path dir;
    private static int exitCode;
    private static String log;

    @BeforeAll
    static void runSuite() throws Exception {
        JupyterAvailable.python("nbclient", "nbconvert", "nbformat", "jupyter_client");
        Path notebooks = Files.createDirectories(dir.resolve("notebooks"));
        for (String name : NOTEBOOKS) {
            try (InputStream in = IJavaNotebookSuiteTest.class.getResourceAsStream(
                    "/notebooks/ijava-suite/" + name + ".ipynb")) {
                Files.copy(in, notebooks.resolve(name + ".ipynb"));
            }
        }
        Path lib = Files.createDirectories(notebooks.resolve("lib"));
        IJavaFixtures.clashJar(lib.resolve("clash.jar"));
        IJavaFixtures.gsonStandIn(lib.resolve("gson-" + IJavaFixtures.GSON_STAND_IN_VERSION + ".jar"));
        Path registry = IJavaFixtures.registryJar(lib.resolve("registry.jar"));
        IJavaFixtures.pluginJar(Files.createDirectories(notebooks.resolve("plugins")).resolve("hello.jar"), registry);
        Path remote = dir.resolve("remote");
        MavenProgressTest.remote(remote);
        Path mavenNotebook = notebooks.resolve("maven-progress.ipynb");
        Files.writeString(mavenNotebook, Files.readString(mavenNotebook).replace("@REPOSITORY@", remote.toUri().toString()));

        Path logFile = dir.resolve("log.txt");
        // An empty local Maven repository, so that %maven downloads.
        Map<String, String> env = Reports.environment();
        env.put("ATTENTION_LAB_KERNEL_OPTS", "-Dmaven.repo.local=" + dir.resolve("m2"));
        Reports reports = new Reports(dir.resolve("jupyter"), KernelSpecs.Launch.ofThisJvm(true), env).outputTo(logFile);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        // --executed keeps each executed notebook (with outputs) and runs the others after a failure.
        Reports.Request request = new Reports.Request(notebooks, dir.resolve("reports"), 300, List.of(),
                Files.createDirectories(dir.resolve("executed")), dir.resolve("partial"));
        exitCode = reports.run(request, quiet, quiet);
        log = Files.readString(logFile);
    }

    /** The executed notebook's code cells, each as the text of all its outputs; fails if any cell has an error. */
    private static List<String> outputsWithoutErrors(String name) throws Exception {
        Path executed = dir.resolve("executed").resolve(name + ".ipynb");
        assertTrue(Files.isRegularFile(executed), name + " did not run to its end (exit " + exitCode + "):\n" + log);
        JsonObject nb = JsonParser.parseString(Files.readString(executed)).getAsJsonObject();
        List<String> cells = new ArrayList<>();
        for (JsonElement c : nb.getAsJsonArray("cells")) {
            JsonObject cell = c.getAsJsonObject();
            if (!cell.get("cell_type").getAsString().equals("code")) {
                continue;
            }
            StringBuilder text = new StringBuilder();
            for (JsonElement o : cell.getAsJsonArray("outputs")) {
                JsonObject out = o.getAsJsonObject();
                assertFalse(out.get("output_type").getAsString().equals("error"), name + ": error cell " + cell);
                text.append(plainText(out)).append('\n');
            }
            cells.add(text.toString());
        }
        return cells;
    }

    private static String plainText(JsonObject output) {
        JsonElement t = output.has("text") ? output.get("text")
                : output.has("data") ? output.getAsJsonObject("data").get("text/plain") : null;
        if (t == null) {
            return "";
        }
        if (t.isJsonArray()) {
            StringBuilder s = new StringBuilder();
            for (JsonElement line : (JsonArray) t) {
                s.append(line.getAsString());
            }
            return s.toString();
        }
        return t.getAsString();
    }

    @Test
    void aPackageWhoseNamesAreTheToolkitsMeansTheNotebooksClasses() throws Exception {
        List<String> cells = outputsWithoutErrors("clashing-names");
        assertEquals("org.clash.Example org.clash.Trainer org.clash.Task org.clash.Batch org.clash.Vocabulary "
                + "org.clash.Table", cells.get(2).strip());
        assertEquals("org.clash.DataType", cells.get(3).strip());
        assertEquals("theirs: a call", cells.get(4).strip());
        assertEquals("org.knowm.xchart.QuickChart", cells.get(5).strip());
    }

    @Test
    void anotherVersionOfAShippedLibraryIsTheOneTheNotebookGets() throws Exception {
        List<String> cells = outputsWithoutErrors("other-library-version");
        String v = IJavaFixtures.GSON_STAND_IN_VERSION;
        assertEquals("gson " + v, cells.get(1).strip());
        assertEquals(v, cells.get(2).strip());
        assertEquals("stand-in:[1, 2]", cells.get(3).strip());
    }

    @Test
    void aLibraryFindsItsPluginInAJarAddedLater() throws Exception {
        List<String> cells = outputsWithoutErrors("reflective-plugins");
        assertEquals("hello from a plugin", cells.get(2).strip());
        assertEquals("hello from a plugin", cells.get(3).strip());
        assertEquals("[hello from a plugin]", cells.get(4).strip());
    }

    @Test
    void mavenShowsALiveLineThatEndsWithASummary() throws Exception {
        List<String> cells = outputsWithoutErrors("maven-progress");
        assertTrue(cells.get(1).strip().matches("%maven: 4 artifacts, 4 files downloaded \\([0-9.]+ K?B\\) in [0-9.]+ s"),
                cells.get(1));
        assertEquals("org.fixture.lib.Thing", cells.get(2).strip());
    }

    @Test
    void libraryLogsGoToTheKernelsLogUntilACellAsksForThem() throws Exception {
        List<String> cells = outputsWithoutErrors("library-logging");
        assertEquals("logged", cells.get(0).strip(), "no log lines in the cell");
        assertTrue(log.contains("jul line one") && log.contains("slf4j line one"),
                "the kernel's stderr has them:\n" + log);
        assertTrue(cells.get(2).contains("jul line two") && cells.get(2).contains("slf4j line two"), cells.get(2));
    }
}
