package org.attentionlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JShellSessionTest {
    private static Object eval(String code) {
        return SharedKernel.get().evalCell(code, "cell [1]");
    }

    @Test
    void lastExpressionValueIsTheRealObject() {
        Object v = eval("var img = new java.awt.image.BufferedImage(3, 2, java.awt.image.BufferedImage.TYPE_INT_RGB);\nimg");
        BufferedImage img = assertInstanceOf(BufferedImage.class, v);
        assertEquals(3, img.getWidth());
    }

    @Test
    void declarationsAndStatementsGiveNoValue() {
        assertNull(eval("int declared = 5;"));
        assertNull(eval("System.out.print(\"\");"));
        assertNull(eval("System.out.printf(\"%s%n\", \"shown once\")"), "a printf's stream is not shown as a value");
        assertEquals(6, eval("declared + 1"));
    }

    @Test
    void everySnippetOfACellRuns() {
        assertEquals(10, eval("int a1 = 4;\nint twice(int v) {\n  return 2 * v;\n}\ntwice(a1) + 2"));
    }

    @Test
    void defaultImportsCoverTheToolkitAndLibraries() {
        assertEquals("FLOAT", eval("Nd4j.zeros(DataType.FLOAT, 2, 2).dataType().toString()"));
        assertEquals("t", eval("Table.create(\"t\").name()"));
        assertEquals(true, eval("new XYChartBuilder().build() != null"));
        assertEquals(true, eval("Module.class.getName().equals(\"org.attentionlab.nn.Module\")"));
    }

    @Test
    void compileErrorNamesTheCellLineWithACaret() {
        CellException e = assertThrows(CellException.CompilationError.class,
                () -> eval("int ok = 1;\n\nint bad = \"two\";"));
        assertTrue(e.getMessage().startsWith("cell [1], line 3: incompatible types"), e.getMessage());
        assertEquals("    int bad = \"two\";", e.lines().get(1));
        assertEquals("              ^", e.lines().get(2));
    }

    @Test
    void runtimeErrorNamesTheLineInsideAMethodAndTheCall() {
        CellException e = assertThrows(CellException.RuntimeError.class,
                () -> eval("int divide(int a) {\n  int b = 2;\n  return 10 / a;\n}\n\ndivide(0)"));
        assertTrue(e.getMessage().startsWith("java.lang.ArithmeticException: / by zero (cell [1], line 3)"),
                e.getMessage());
        assertTrue(e.lines().contains("    at divide (cell [1], line 3)"), e.lines().toString());
        assertTrue(e.lines().contains("    at cell [1], line 6"), e.lines().toString());
    }

    @Test
    void theKernelLivesOnAfterAnError() {
        assertThrows(CellException.class, () -> eval("throw new IllegalStateException(\"boom\");"));
        assertEquals(2, eval("1 + 1"));
    }

    @Test
    void unresolvedDeclarationIsNamedWhenUsed() {
        eval("int usesMissing() { return missingThing(); }");
        CellException e = assertThrows(CellException.class, () -> eval("usesMissing()"));
        assertTrue(e.getMessage().contains("method usesMissing"), e.getMessage());
        assertTrue(e.getMessage().contains("missingThing"), e.getMessage());
    }

    @Test
    void stopEndsARunningLoop() throws Exception {
        AttentionKernel k = SharedKernel.get();
        CompletableFuture<Throwable> result = CompletableFuture.supplyAsync(() -> {
            try {
                k.evalCell("long spins = 0;\nwhile (true) { spins++; }", "cell [2]");
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        Thread.sleep(500);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!result.isDone() && System.nanoTime() < deadline) {
            k.interrupt();
            Thread.sleep(100);
        }
        Throwable t = result.get(5, TimeUnit.SECONDS);
        assertInstanceOf(CellException.Interrupted.class, t);
        assertEquals(2, eval("1 + 1"));
    }

    @Test
    void completenessFollowsJavaSyntax() {
        JShellSession s = SharedKernel.get().session();
        assertEquals("complete", s.isComplete("int x = 1;\nx"));
        assertEquals("    ", s.isComplete("for (int i = 0; i < 3; i++) {"));
        assertEquals("complete", SharedKernel.get().isComplete("%jars a.jar\n1"));
    }

    @Test
    void completionSuggestsNamesAtTheCursor() {
        JShellSession.Completions c = SharedKernel.get().session().complete("Strin", 5);
        assertTrue(c.matches().contains("String"), c.matches().toString());
        assertEquals(0, c.start());
    }

    @Test
    void inspectShowsSignatures() {
        var data = SharedKernel.get().inspect("Math.max", 8, false);
        assertTrue(data.toString().contains("max(int a, int b)") || String.valueOf(
                data.getData(org.dflib.jjava.jupyter.kernel.display.common.Text.PLAIN)).contains("max(int a, int b)"));
    }
}
