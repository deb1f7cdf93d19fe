package org.attentionlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true), new PrintStream(err, true));
    }

    @Test
    void installThenUninstallIntoAPrefix() {
        assertEquals(0, run("kernel", "install", "--prefix", dir.toString(), "--name", "java-test"));
        Path spec = dir.resolve("share/jupyter/kernels/java-test");
        assertTrue(Files.isRegularFile(spec.resolve("kernel.json")));
        assertTrue(out.toString().contains("Installed kernelspec java-test in " + spec), out.toString());
        assertTrue(out.toString().contains("* java-test"), out.toString());
        assertEquals(0, run("kernel", "uninstall", "--prefix", dir.toString(), "--name", "java-test"));
        assertFalse(Files.exists(spec));
    }

    @Test
    void usageMistakesExitWithTwo() {
        assertEquals(2, run("kernel"));
        assertTrue(err.toString().contains("missing sub-command: install, uninstall, list or run"), err.toString());
        assertEquals(2, run("kernel", "install", "--user", "--prefix", dir.toString()));
        assertTrue(err.toString().contains("choose one of --user, --sys-prefix, --prefix DIR"), err.toString());
        assertEquals(2, run("reports", "--notebooks", dir.resolve("none").toString()));
        assertTrue(err.toString().contains("no notebook directory"), err.toString());
    }
}
