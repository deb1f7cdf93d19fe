package org.attentionlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the kernel through a kernelspec, as Jupyter does, and runs Debian's
 * {@code jupyter_kernel_test} conformance suite against it (src/test/python/test_kernel_conformance.py):
 * kernel info, execute result, stdout, stderr, errors, completion, is-complete, display data, inspect.
 */
class KernelConformanceTest {
    @TempDir
    Path dir;

    @Test
    void jupyterKernelTestSuitePasses() throws Exception {
        Path python = JupyterAvailable.python("jupyter_kernel_test", "jupyter_client");
        KernelSpecs.install(KernelSpecs.prefixKernelsDir(dir), "java", KernelSpecs.Launch.ofThisJvm(true));
        Path log = dir.resolve("unittest.log");
        ProcessBuilder pb = new ProcessBuilder(python.toString(), "-m", "unittest", "-v", "test_kernel_conformance")
                .directory(Path.of("src", "test", "python").toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("JUPYTER_PATH", dir.resolve("share/jupyter").toString());
        Process p = pb.start();
        boolean done = p.waitFor(10, TimeUnit.MINUTES);
        if (!done) {
            p.destroyForcibly();
        }
        String out = Files.readString(log);
        System.out.println(out);
        assertTrue(done, "the conformance suite did not finish in 10 minutes:\n" + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("test_kernel_info") && out.contains("OK"), out);
    }
}
