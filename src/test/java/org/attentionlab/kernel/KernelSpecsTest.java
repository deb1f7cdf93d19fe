package org.attentionlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelSpecsTest {
    @TempDir
    Path dir;

    private final KernelSpecs.Launch launch = new KernelSpecs.Launch(Path.of("/opt/jdk 17/bin/java"), "/x/it's.jar");

    @Test
    void installWritesAKernelJsonThatIJavaNotebooksFind() throws IOException {
        Path kernels = KernelSpecs.prefixKernelsDir(dir);
        Path spec = KernelSpecs.install(kernels, KernelSpecs.DEFAULT_NAME, launch);
        assertEquals(dir.resolve("share/jupyter/kernels/java"), spec);
        JsonObject json = JsonParser.parseString(Files.readString(spec.resolve("kernel.json"))).getAsJsonObject();
        assertEquals("java", json.get("language").getAsString());
        assertEquals("message", json.get("interrupt_mode").getAsString());
        assertEquals("{connection_file}", json.getAsJsonArray("argv").get(2).getAsString());
        assertEquals("/x/it's.jar", json.getAsJsonObject("metadata").getAsJsonObject("attention_lab")
                .get("class_path").getAsString());
        String script = Files.readString(spec.resolve("kernel.sh"));
        assertTrue(script.contains("exec '/opt/jdk 17/bin/java' $opts -cp '/x/it'\\''s.jar' "
                + "org.attentionlab.cli.Main kernel run --connection-file \"$1\""), script);
        assertTrue(script.contains("ATTENTION_LAB_KERNEL_OPTS"));
    }

    @Test
    void launcherScriptIsValidShell() throws Exception {
        Path spec = KernelSpecs.install(dir, "java", launch);
        Process p = new ProcessBuilder("sh", "-n", spec.resolve("kernel.sh").toString()).start();
        assertEquals(0, p.waitFor());
    }

    @Test
    void launcherChoosesTheSerialCollectorUnlessTheOptionsNameOne() throws Exception {
        Path fakeJava = dir.resolve("java");
        Files.writeString(fakeJava, "#!/bin/sh\necho \"$@\"\n");
        fakeJava.toFile().setExecutable(true);
        Path spec = KernelSpecs.install(dir.resolve("kernels"), "java", new KernelSpecs.Launch(fakeJava, "/x.jar"));
        assertEquals("-XX:+UseSerialGC -Xmx1g -cp /x.jar org.attentionlab.cli.Main kernel run "
                + "--connection-file c.json", runLauncher(spec, "-Xmx1g"));
        assertEquals("-XX:+UseG1GC -Xmx1g -cp /x.jar org.attentionlab.cli.Main kernel run "
                + "--connection-file c.json", runLauncher(spec, "-XX:+UseG1GC -Xmx1g"));
    }

    private static String runLauncher(Path spec, String opts) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", spec.resolve("kernel.sh").toString(), "c.json");
        pb.environment().put("ATTENTION_LAB_KERNEL_OPTS", opts);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertEquals(0, p.waitFor());
        return out.replaceAll(" +", " ");
    }

    @Test
    void uninstallRemovesOnlyOurSpecs() throws IOException {
        KernelSpecs.install(dir, "java", launch);
        Files.createDirectories(dir.resolve("python3"));
        Files.writeString(dir.resolve("python3/kernel.json"), "{\"display_name\": \"Python 3\", \"argv\": []}");
        List<KernelSpecs.Spec> specs = KernelSpecs.list(List.of(dir));
        assertEquals(2, specs.size());
        assertTrue(specs.get(0).ours());
        assertEquals(KernelSpecs.DISPLAY_NAME, specs.get(0).displayName());
        assertFalse(specs.get(1).ours());
        IOException e = assertThrows(IOException.class, () -> KernelSpecs.uninstall(dir, "python3"));
        assertTrue(e.getMessage().endsWith("was not installed by attention-lab; not removing it"), e.getMessage());
        assertTrue(KernelSpecs.uninstall(dir, "java"));
        assertFalse(Files.exists(dir.resolve("java")));
        assertFalse(KernelSpecs.uninstall(dir, "java"));
    }

    @Test
    void userDirectoryFollowsJupyterCoreRules() {
        assertEquals(Path.of("/d/kernels"), KernelSpecs.userKernelsDir(Map.of("JUPYTER_DATA_DIR", "/d")));
        assertEquals(Path.of("/x/jupyter/kernels"), KernelSpecs.userKernelsDir(Map.of("XDG_DATA_HOME", "/x")));
        assertEquals(Path.of(System.getProperty("user.home"), ".local/share/jupyter/kernels"),
                KernelSpecs.userKernelsDir(Map.of()));
    }

    @Test
    void badKernelNameIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelSpecs.install(dir, "../evil", launch));
        assertEquals("kernel name must be letters, digits, '.', '_' or '-', got '../evil'", e.getMessage());
    }

    @Test
    void manifestClassPathsAreFollowed() throws IOException {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Path dep = TestJars.manifestJar(lib.resolve("dep.jar"), List.of());
        Path main = TestJars.manifestJar(dir.resolve("main.jar"), List.of("lib/dep.jar", "lib/missing.jar"));
        assertEquals(List.of(main.toString(), dep.toString()), ClassPaths.expand(main.toString()));
    }

    @Test
    void privateJupyterPathComesFirst() {
        assertEquals(dir.resolve("share/jupyter").toAbsolutePath() + ":/other",
                Reports.jupyterPath(dir, "/other"));
    }
}
