package org.attentionlab.kernel;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Skips a test (with the reason) when Debian's Jupyter packages are not installed; CI installs them. */
final class JupyterAvailable {
    private JupyterAvailable() {
    }

    static Path python(String... modules) {
        Optional<Path> p = Pythons.withModules(Reports.environment(), List.of(modules));
        assumeTrue(p.isPresent(), "no Python with " + String.join(", ", modules)
                + " (apt-get install python3-nbclient jupyter-nbconvert python3-jupyter-kernel-test; .ci/run does)");
        return p.get();
    }
}
