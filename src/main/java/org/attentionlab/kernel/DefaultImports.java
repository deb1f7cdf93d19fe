package org.attentionlab.kernel;

import java.util.List;

/**
 * What every notebook can use without an import cell: the imports JShell's own tool starts with,
 * the toolkit's packages, the ND4J basics, XChart and Tablesaw, and the display helpers.
 *
 * <p>Toolkit packages that are absent are left out; other imports the compiler rejects (a library
 * left off the class path) are skipped, so the list may name more than is there. All but the
 * {@code java.*} ones are conveniences that give way to a notebook's own imports
 * ({@link DefaultImportGuard}).
 */
final class DefaultImports {
    static final List<String> TOOLKIT_PACKAGES = List.of("nn", "data", "train", "decode", "viz");

    private DefaultImports() {
    }

    static List<String> all() {
        List<String> out = new java.util.ArrayList<>(List.of(
                "import java.io.*;",
                "import java.math.*;",
                "import java.nio.file.*;",
                "import java.util.*;",
                "import java.util.function.*;",
                "import java.util.stream.*;"));
        for (String p : TOOLKIT_PACKAGES) {
            // Each import costs a compile at start-up: skip packages that are not there at all.
            if (ClassLoader.getSystemResource("org/attentionlab/" + p) != null) {
                out.add("import org.attentionlab." + p + ".*;");
            }
        }
        out.addAll(List.of(
                // java.lang.Module would make the toolkit's Module ambiguous: a single-type import wins.
                "import org.attentionlab.nn.Module;",
                "import org.nd4j.linalg.api.ndarray.INDArray;",
                "import org.nd4j.linalg.api.buffer.DataType;",
                "import org.nd4j.linalg.factory.Nd4j;",
                "import org.nd4j.linalg.ops.transforms.Transforms;",
                "import org.nd4j.linalg.indexing.NDArrayIndex;",
                "import org.knowm.xchart.*;",
                "import org.knowm.xchart.style.Styler;",
                "import tech.tablesaw.api.*;",
                "import static org.attentionlab.kernel.Notebook.*;"));
        return out;
    }
}
