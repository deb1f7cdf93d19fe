package org.attentionlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelMainTest {
    @TempDir
    Path dir;

    @Test
    void aBrokenConnectionFileIsAOneLineErrorNamingIt() throws Exception {
        assertProblem(dir.resolve("missing.json"), "does not exist");
        assertProblem(write("empty.json", ""), "is not a JSON object (it is empty)");
        assertProblem(write("text.json", "not json at all {"), "is not valid JSON");
        assertProblem(write("list.json", "[1, 2]"), "is not a JSON object");
        assertProblem(write("noports.json", "{\"ip\": \"127.0.0.1\", \"transport\": \"tcp\"}"), "has no 'shell_port'");
        assertProblem(write("badport.json", "{\"ip\": \"127.0.0.1\", \"transport\": \"tcp\", \"shell_port\": \"x\","
                + " \"iopub_port\": 1, \"stdin_port\": 2, \"control_port\": 3, \"hb_port\": 4}"), "wrong type");
    }

    @Test
    void aGoodConnectionFileIsRead() throws Exception {
        Path f = write("ok.json", "{\"ip\": \"127.0.0.1\", \"transport\": \"tcp\", \"shell_port\": 5, \"iopub_port\": 1,"
                + " \"stdin_port\": 2, \"control_port\": 3, \"hb_port\": 4, \"key\": \"k\", \"signature_scheme\": \"hmac-sha256\"}");
        assertEquals(5, KernelMain.readConnectionFile(f).getShellPort());
    }

    @Test
    void theCommandLinePrintsOneLineForABadConnectionFile() throws Exception {
        Path f = write("bad.json", "oops");
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = org.attentionlab.cli.Main.run(new String[] {"kernel", "run", "--connection-file", f.toString()},
                new java.io.PrintStream(new java.io.ByteArrayOutputStream()), new java.io.PrintStream(err, true));
        assertEquals(1, code);
        String text = err.toString().strip();
        assertFalse(text.contains("\n"), text);
        assertTrue(text.startsWith("attention-lab kernel: connection file ") && text.contains("is not a JSON object"), text);
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private static void assertProblem(Path file, String problem) {
        IOException e = assertThrows(IOException.class, () -> KernelMain.readConnectionFile(file));
        assertTrue(e.getMessage().startsWith("connection file " + file + " ") && e.getMessage().contains(problem),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void parentIsFoundFromJupytersVariableOrTheOsParent() {
        long self = ProcessHandle.current().pid();
        assertTrue(ParentWatch.parent(Long.toString(self)).map(p -> p.pid() == self).orElse(false));
        assertTrue(ParentWatch.parent("not a pid").isPresent());
    }
}
