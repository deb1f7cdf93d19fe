package org.attentionlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jars a notebook adds come first for the classes they hold, and see one another: another version
 * of gson (which the kernel ships) is the one cells compile and run against, and a library loaded
 * from one added jar finds classes of another by name. A kernel of its own, since the stand-in gson
 * must not leak into the shared one.
 */
class NotebookClassLoadingTest {
    @TempDir
    static Path dir;
    private static AttentionKernel kernel;

    @BeforeAll
    static void start() {
        kernel = new AttentionKernel();
        kernel.awaitReady();
    }

    private static Object eval(String code) {
        return kernel.evalCell(code, "cell [1]");
    }

    @Test
    void anotherGsonVersionWinsOverTheKernelsAndFindsAPluginByName() throws Exception {
        Path gson = IJavaFixtures.gsonStandIn(dir.resolve("gson-stand-in.jar"));
        Path registry = IJavaFixtures.registryJar(dir.resolve("registry.jar"));
        Path plugin = IJavaFixtures.pluginJar(dir.resolve("plugin.jar"), registry);
        eval("%jars " + gson);
        // Compiles only against the stand-in: real gson has no standInVersion().
        assertEquals(IJavaFixtures.GSON_STAND_IN_VERSION, eval("com.google.gson.Gson.standInVersion()"));
        assertEquals("stand-in:7", eval("new com.google.gson.Gson().toJson(7)"));
        eval("%jars " + registry + " " + plugin);
        // Gson's Class.forName runs in gson's own loader, which must see the plugin jar.
        assertEquals("hello from a plugin",
                eval("((org.registry.Greeter) com.google.gson.Gson.newInstanceOf(\"org.plugin.Hello\")).greet()"));
        // The kernel itself still speaks its own gson.
        assertTrue(com.google.gson.Gson.class.getProtectionDomain().getCodeSource().getLocation().getPath()
                .contains("gson-2."));
    }

    @Test
    void servicesAndContextLoaderLookupsSeeTheNotebooksJars() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("services"));
        Path registry = IJavaFixtures.registryJar(sub.resolve("registry.jar"));
        Path plugin = IJavaFixtures.pluginJar(sub.resolve("plugin.jar"), registry);
        eval("%jars " + registry + " " + plugin);
        assertEquals("[hello from a plugin]", eval("org.registry.Registry.discovered().toString()"));
        assertEquals("hello from a plugin", eval("org.registry.Registry.byContextLoader(\"org.plugin.Hello\").greet()"));
    }

    @Test
    void kernelJarsReachedThroughANotebookJarsManifestServeFromTheKernel() throws Exception {
        // As 00-welcome's "%jars ../target/attention-lab.jar" does when the kernel runs from elsewhere:
        // that jar's manifest names copies of the kernel's own jars (target/lib/*.jar).
        Path xchart = Path.of(org.knowm.xchart.PieChart.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path lib = Files.createDirectories(dir.resolve("toolkit/lib"));
        Files.copy(xchart, lib.resolve(xchart.getFileName()));
        Path toolkit = TestJars.manifestJar(dir.resolve("toolkit/toolkit.jar"), java.util.List.of("lib/" + xchart.getFileName()));
        eval("%jars " + toolkit);
        assertEquals(true, eval("org.knowm.xchart.PieChart.class.getClassLoader() == ClassLoader.getSystemClassLoader()"),
                "a second XChart would not be the one the kernel renders");
    }

    @Test
    void aRealOlderGsonFromTheLocalRepositoryIsTheOneCellsGet() {
        Path old = MavenResolver.defaultLocalRepository().resolve("com/google/code/gson/gson/2.10.1/gson-2.10.1.jar");
        assumeTrue(Files.isRegularFile(old), "no gson 2.10.1 in the local Maven repository");
        // A kernel of its own: the stand-in gson of the other test would win in the shared one.
        AttentionKernel k = new AttentionKernel();
        k.evalCell("%jars " + old, "cell [1]");
        Object where = k.evalCell("new com.google.gson.Gson().getClass().getProtectionDomain().getCodeSource()"
                + ".getLocation().getPath()", "cell [2]");
        assertTrue(String.valueOf(where).endsWith("gson-2.10.1.jar"), String.valueOf(where));
        assertEquals("[1,2]", k.evalCell("new com.google.gson.Gson().toJson(new int[] {1, 2})", "cell [3]"));
        k.onShutdown(false);
    }
}
