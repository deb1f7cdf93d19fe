package org.attentionlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Long cells of declarations are compiled in a few JShell evaluations, not one per line
 * ({@link DeclarationBatches}), and still behave as JShell's snippet-by-snippet evaluation does.
 * The count of evaluations is the property checked (timing is left to the benchmarks).
 */
class LongCellTest {
    private static Object eval(String code) {
        return SharedKernel.get().evalCell(code, "cell [7]");
    }

    private static long evaluations() {
        return SharedKernel.get().session().evaluations();
    }

    private static String lines(int n, String format) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(format.replace("#", Integer.toString(i))).append('\n');
        }
        return sb.toString();
    }

    @Test
    void aThousandVariablesTakeAFewEvaluationsAndAreVisibleLater() {
        long before = evaluations();
        eval(lines(1000, "int lcVar# = #;"));
        long used = evaluations() - before;
        assertTrue(used <= 4, "1,000 declarations took " + used + " JShell evaluations");
        assertEquals(999 + 5, eval("lcVar999 + lcVar5"));
        assertEquals(12, eval("lcVar5 = 12; lcVar5"), "a batched variable can be assigned");
    }

    @Test
    void aThousandMethodsTakeAFewEvaluationsAndCanBeCalled() {
        long before = evaluations();
        eval("// helpers\n" + lines(1000, "int lcMethod#(int x) {\n  return x + #;\n}"));
        long used = evaluations() - before;
        assertTrue(used <= 4, "1,000 methods took " + used + " JShell evaluations");
        assertEquals(1000, eval("lcMethod999(1)"));
    }

    @Test
    void aShortCellIsEvaluatedSnippetBySnippet() {
        long before = evaluations();
        eval(lines(5, "int lcShort# = #;"));
        assertEquals(5, evaluations() - before);
    }

    @Test
    void aLaterDeclarationReplacesABatchedOne() {
        eval(lines(20, "int lcRe# = #;") + lines(20, "String lcReM#() { return \"batched #\"; }"));
        eval("int lcRe3 = 300;\nString lcReM3() { return \"single\"; }");
        assertEquals(300, eval("lcRe3"));
        assertEquals("single", eval("lcReM3()"));
        assertEquals("batched 4", eval("lcReM4()"));
    }

    @Test
    void aCellEndingInAnExpressionShowsItsValue() {
        assertEquals(19, eval(lines(20, "int lcVal# = #;") + "lcVal19"));
    }

    @Test
    void initialisersThatRunCodeAreEvaluatedInOrder() {
        eval("List<String> lcOrder = new ArrayList<>();");
        eval(lines(10, "int lcOrd# = #;") + "int lcSide = lcOrder.add(\"side\") ? 1 : 0;\n" + lines(10, "int lcOrdB# = #;"));
        assertEquals(List.of("side"), eval("lcOrder"));
        assertEquals(1, eval("lcSide"));
    }

    @Test
    void aCompileErrorInALongCellNamesItsLineAsJShellWould() {
        CellException e = assertThrows(CellException.CompilationError.class,
                () -> eval(lines(30, "int lcErr# = #;") + "int lcBad = \"text\";\n" + lines(30, "int lcErrB# = #;")));
        assertTrue(e.getMessage().startsWith("cell [7], line 31: incompatible types"), e.getMessage());
        assertEquals(29, eval("lcErr29"), "the declarations before the error are there");
    }

    @Test
    void aRuntimeErrorInABatchedMethodNamesTheCellLine() {
        eval(lines(20, "int lcThrow#(int d) {\n  return 1 / d;\n}"));
        CellException e = assertThrows(CellException.RuntimeError.class, () -> eval("lcThrow7(0)"));
        assertTrue(e.getMessage().contains("cell [7], line 23"), e.getMessage());
    }

    @Test
    void batchedMethodsFollowARedefinedClassTheyUse() {
        eval("class LcPoint { int x = 1; }");
        eval(lines(20, "int lcPx#(LcPoint p) { return p.x + #; }"));
        assertEquals(1, eval("lcPx0(new LcPoint())"));
        eval("class LcPoint { int x = 7; int y; }");
        assertEquals(10, eval("lcPx3(new LcPoint())"));
    }

    @Test
    void aNameFromAStaticImportIsNotBatched() {
        // Notebook.quick() comes in by the default 'import static ...Notebook.*': a batched quick()
        // would be ambiguous with it, a snippet of its own shadows it.
        eval(lines(20, "int lcQ# = #;") + "boolean quick() { return true; }\n" + lines(20, "int lcQB# = #;"));
        assertEquals(true, eval("quick()"));
    }

    @Test
    void planKeepsRunsOfPlainDeclarationsOnly() {
        String code = lines(20, "int p# = #;") + "Object v = new Object();\nint[] arr = {1, 2};\nint calls = Math.max(1, 2);\n"
                + lines(20, "void q#() { }");
        List<DeclarationBatches.Piece> pieces = DeclarationBatches.splitDeclarations(code);
        assertEquals(43, pieces.size());
        List<DeclarationBatches.Step> steps = DeclarationBatches.plan(code, pieces, name -> name.equals("q3"));
        // p0..p19: a batch; v, arr (a run of one), calls: single; q0..q2: too short a run, single;
        // q3 is taken: single; q4..q19: a batch
        assertEquals(20, ((DeclarationBatches.Batch) steps.get(0)).pieces().size());
        assertEquals(16, ((DeclarationBatches.Batch) steps.get(steps.size() - 1)).pieces().size());
        assertEquals(1 + 3 + 3 + 1 + 1, steps.size());
        assertTrue(((DeclarationBatches.Batch) steps.get(0)).members().startsWith("static int p0 = 0;\nstatic int p1"));
    }

    @Test
    void aCellWithStatementsIsNotSplitByTheDeclarationParser() {
        assertEquals(null, DeclarationBatches.splitDeclarations(lines(20, "int s# = #;") + "System.out.println(s1);\n"));
    }

    @Test
    void onlyLiteralInitialisersAreBatched() {
        String code = lines(16, "int l# = -(1 + #) * 2;") + "int div = 1 / 0;\nint ref = l1;\nString s = \"a\" + 'b';\n";
        List<DeclarationBatches.Step> steps = DeclarationBatches.plan(code, DeclarationBatches.splitDeclarations(code),
                name -> false);
        assertEquals(16, ((DeclarationBatches.Batch) steps.get(0)).pieces().size());
        assertEquals(4, steps.size(), "div, ref and s are single (s after a break: too short a run)");
    }

    @Test
    void splittingInWindowsFindsTheSnippetsJShellFindsInTheWholeText() {
        jdk.jshell.JShell reference = jdk.jshell.JShell.builder().executionEngine("local").build();
        try {
            for (int pad = 0; pad < 1200; pad += 97) {
                // an 'if' whose 'else' may fall just past the edge of an analysis window
                String code = "int acc = 0;\n" + lines(60, "acc += #; // a statement") + "/*" + "p".repeat(pad) + "*/\n"
                        + "if (acc > 0) {\n  acc += 1000;\n}\n// between\nelse {\n  acc -= 1000;\n}\n" + lines(60, "acc += #;")
                        + "for (int i = 0; i < 3; i++)\n  acc++;\nacc";
                List<String> expected = new java.util.ArrayList<>();
                String rest = code;
                while (!rest.isBlank()) {
                    jdk.jshell.SourceCodeAnalysis.CompletionInfo info = reference.sourceCodeAnalysis().analyzeCompletion(rest);
                    expected.add(info.source());
                    rest = info.remaining();
                }
                List<String> got = SharedKernel.get().session().split(code).stream()
                        .map(DeclarationBatches.Piece::source).toList();
                assertEquals(expected, got, "padding " + pad);
            }
        } finally {
            reference.close();
        }
    }

    @Test
    void codeTooLargeIsACompileErrorWithAShortMessage() {
        StringBuilder big = new StringBuilder("void lcHuge() {\n  int x = 0;\n");
        for (int i = 0; i < 12_000; i++) {
            big.append("  x += ").append(i).append(";\n");
        }
        CellException e = assertThrows(CellException.CompilationError.class, () -> eval(big + "}"));
        assertTrue(e.getMessage().contains("code too large"), e.getMessage());
        String all = String.join("\n", e.lines());
        assertTrue(all.length() < 2_000, "a short report, not the whole method: " + all.length() + " chars");
        assertTrue(all.contains("64 KB"), all);
    }

    @Test
    void aBlockTooLargeIsACompileErrorToo() {
        StringBuilder big = new StringBuilder("{\n");
        for (int i = 0; i < 12_000; i++) {
            big.append("  int b").append(i).append(" = ").append(i).append(";\n");
        }
        CellException e = assertThrows(CellException.CompilationError.class, () -> eval(big + "}"));
        assertTrue(e.getMessage().contains("code too large"), e.getMessage());
    }
}
