package org.attentionlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code System.exit} and its relatives in a cell are refused without a security manager: the
 * classes a cell defines are rewritten as JShell loads them. These run in the test's own JVM, so a
 * call that got through would end the test run.
 */
class ExitGuardTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "System.exit(3);",
        "Runtime.getRuntime().exit(4);",
        "Runtime.getRuntime().halt(5);",
        "java.util.function.IntConsumer quit = System::exit;\nquit.accept(6);",
        "Runtime rt = Runtime.getRuntime();\njava.util.function.IntConsumer quit = rt::halt;\nquit.accept(7);",
        "class Quitter { void quit() { System.exit(8); } }\nnew Quitter().quit();",
        "void leave(int s) { Runnable r = () -> System.exit(s); r.run(); }\nleave(9);"})
    void exitInACellIsRefusedAndTheKernelLivesOn(String code) {
        CellException e = assertThrows(CellException.RuntimeError.class,
                () -> SharedKernel.get().evalCell(code, "cell [2]"));
        assertTrue(e.getMessage().startsWith("java.lang.SecurityException: ") && e.getMessage().contains("was called in a cell"),
                e.getMessage());
        assertEquals(2, SharedKernel.get().evalCell("1 + 1", "cell [3]"));
    }

    @Test
    void aClassWithoutExitCallsIsLeftAsItIs() throws Exception {
        try (InputStream in = ExitGuardTest.class.getResourceAsStream("ExitGuardTest.class")) {
            byte[] bytes = in.readAllBytes();
            assertSame(bytes, ExitCallRewriter.rewrite(bytes));
        }
    }
}
