package org.attentionlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's PyTorch anchor for cached decoding ({@code CachedGreedy} in
 * bench/pytorch_reference.py, a KV-cache decoder written over nn.Transformer's weights) emits
 * exactly the tokens of nn.Transformer's own uncached greedy decoding, on small random models with
 * padded sources. Needs Debian's python3-torch, which .ci/run installs; skipped where it is missing.
 */
class PyTorchCachedDecoderTest {
    private static final String PYTHON = "/usr/bin/python3";

    @Test
    void cachedDecoderEmitsTheUncachedTokens() throws Exception {
        boolean torch = false;
        if (Files.isExecutable(Path.of(PYTHON))) {
            Process p = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
            torch = p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        }
        assumeTrue(torch, "Debian's python3-torch is not installed; .ci/run installs it");
        ProcessBuilder pb = new ProcessBuilder(PYTHON, "bench/pytorch_reference.py", "--check-decoders")
                .redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "pytorch_reference.py --check-decoders timed out");
        assertEquals(0, p.exitValue(), "pytorch_reference.py --check-decoders failed:\n" + out);
        assertEquals(2, out.lines().filter(l -> l.contains("cached and uncached agree")).count(), out);
    }
}
