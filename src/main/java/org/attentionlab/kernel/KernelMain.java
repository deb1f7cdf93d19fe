package org.attentionlab.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.attentionlab.nn.NativeMemory;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

/**
 * Starts the kernel on a Jupyter connection file and serves until the client shuts it down or goes
 * away. The kernelspec runs it as {@code attention-lab kernel run --connection-file FILE}.
 */
public final class KernelMain {
    private KernelMain() {
    }

    /** Serves the connection in {@code connectionFile}; returns when the kernel is shut down. */
    public static void run(Path connectionFile) throws IOException {
        // Library logging goes to this process's stderr (Jupyter's console), not into cells.
        KernelLogging.install();
        NativeMemory.skipPhysicalMemoryCheck();
        String json = Files.readString(connectionFile, StandardCharsets.UTF_8);
        KernelConnectionProperties props = KernelConnectionProperties.parse(json);
        ExitGuard.install();
        AttentionKernel kernel = new AttentionKernel();
        JupyterConnection connection;
        try {
            connection = new JupyterConnection(props);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot use the connection's signature scheme '" + props.getSignatureScheme()
                    + "': " + e.getMessage(), e);
        }
        shortenPolling(connection);
        kernel.becomeHandlerForConnection(connection);
        kernel.onStartup();
        connection.connect();
        ParentWatch.start(() -> {
            System.err.println("attention-lab kernel: the client process is gone; exiting");
            exitSoon(0);
        });
        connection.waitUntilClose();
        ExitGuard.allowExit();
    }

    /** Milliseconds the shell and control channels sleep between polls (jjava's default is 50). */
    static final long POLL_SLEEP_MS = 5;

    /**
     * jjava polls its shell and control sockets and sleeps 50 ms between polls, which adds 25 ms on
     * average to every request. Its constructor offers no setting, so this adapter shortens the sleep
     * by reflection before the channels start; if jjava changes, the default stays and all still works.
     */
    static boolean shortenPolling(JupyterConnection connection) {
        try {
            boolean all = true;
            for (String channel : new String[] {"shell", "control"}) {
                java.lang.reflect.Field f = JupyterConnection.class.getDeclaredField(channel);
                f.setAccessible(true);
                Object ch = f.get(connection);
                java.lang.reflect.Field sleep = ch.getClass().getDeclaredField("sleep");
                sleep.setAccessible(true);
                sleep.setLong(ch, POLL_SLEEP_MS);
                all &= sleep.getLong(ch) == POLL_SLEEP_MS;
            }
            return all;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** Exits the JVM, and halts it if shutdown hooks hang. */
    static void exitSoon(int status) {
        ExitGuard.allowExit();
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(status);
        });
        halt.setDaemon(true);
        halt.start();
        System.exit(status);
    }
}
