package org.attentionlab.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.junit.jupiter.api.Test;

class KernelMainTest {
    @Test
    void pollingSleepOfJjavaChannelsCanBeShortened() throws Exception {
        KernelConnectionProperties props = new KernelConnectionProperties("127.0.0.1", 0, 0, 0, 0, 0, "tcp",
                "hmac-sha256", "secret");
        JupyterConnection c = new JupyterConnection(props);
        assertTrue(KernelMain.shortenPolling(c), "jjava's ShellChannel changed: its 'sleep' field is gone");
    }

    @Test
    void parentIsFoundFromJupytersVariableOrTheOsParent() {
        long self = ProcessHandle.current().pid();
        assertTrue(ParentWatch.parent(Long.toString(self)).map(p -> p.pid() == self).orElse(false));
        assertTrue(ParentWatch.parent("not a pid").isPresent());
    }
}
