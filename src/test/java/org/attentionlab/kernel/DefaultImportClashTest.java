package org.attentionlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's default imports never change what a notebook's own import means: a package with
 * classes named like the toolkit's, Tablesaw's or ND4J's, imported whole, wins. One kernel of its
 * own (the shared one must keep its defaults), steps in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DefaultImportClashTest {
    @TempDir
    static Path dir;
    private static AttentionKernel kernel;

    @BeforeAll
    static void start() throws Exception {
        kernel = new AttentionKernel();
        kernel.awaitReady();
        Path jar = IJavaFixtures.clashJar(dir.resolve("clash.jar"));
        eval("%jars " + jar);
    }

    private static Object eval(String code) {
        return kernel.evalCell(code, "cell [1]");
    }

    @Test
    @Order(1)
    void importingTheToolkitsOwnPackageAgainChangesNothing() {
        eval("import org.attentionlab.decode.*;");
        assertEquals("org.attentionlab.decode.BeamSearch", eval("BeamSearch.class.getName()"));
        assertEquals("org.attentionlab.data.Vocabulary", eval("Vocabulary.class.getName()"));
    }

    @Test
    @Order(2)
    void aWildcardImportWinsOverTheToolkitsAndTablesawsWildcards() {
        eval("import org.clash.*;");
        assertEquals("org.clash.Example org.clash.Trainer org.clash.Task org.clash.Batch org.clash.Vocabulary "
                + "org.clash.Table", eval("String.join(\" \", new Example().who(), new Trainer().who(), "
                + "new Task().who(), new Batch().who(), new Vocabulary().who(), new Table().who())"));
    }

    @Test
    @Order(3)
    void aWildcardImportWinsOverASingleTypeDefault() {
        // The kernel imports ND4J's DataType by name, which would silently beat the notebook's wildcard.
        assertEquals("org.clash.DataType", eval("DataType.WORDS.getDeclaringClass().getName()"));
    }

    @Test
    @Order(4)
    void aStaticImportWinsOverTheNotebookHelpers() {
        assertEquals("theirs: x", eval("import static org.clash.Util.*;\ndisplay(\"x\")"));
    }

    @Test
    @Order(5)
    void conveniencesThatClashWithNothingStay() {
        assertEquals("org.knowm.xchart.QuickChart", eval("QuickChart.class.getName()"));
        assertEquals("org.nd4j.linalg.api.ndarray.INDArray", eval("INDArray.class.getName()"));
        assertEquals("org.attentionlab.nn.Linear", eval("Linear.class.getName()"));
        // A dropped package's classes are one explicit import away.
        assertEquals("org.attentionlab.train.Adam", eval("import org.attentionlab.train.Adam;\nAdam.class.getName()"));
    }

    @Test
    @Order(6)
    void aNameWhoseDefaultImportWasDroppedIsExplained() {
        CellException e = assertThrows(CellException.CompilationError.class, () -> eval("NoamSchedule.class"));
        assertTrue(e.lines().contains("note: the kernel's default import org.attentionlab.train.* was dropped because "
                + "import org.clash.* also names Trainer; add import org.attentionlab.train.NoamSchedule; to use it"),
                e.lines().toString());
    }

    @Test
    @Order(7)
    void aSingleTypeImportReplacesTheDefaultOfTheSameName() {
        assertEquals("org.clash.Table", eval("import org.clash.Table;\nTable.class.getName()"));
        assertEquals("class in a cell", eval("class Example { public String toString() { return \"class in a cell\"; } }\n"
                + "new Example().toString()"));
    }
}
