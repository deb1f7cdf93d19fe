package org.attentionlab.kernel;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.attentionlab.kernel.wire.GuardedConnection;
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
        KernelConnectionProperties props = readConnectionFile(connectionFile);
        AttentionKernel kernel = new AttentionKernel();
        JupyterConnection connection;
        try {
            connection = new GuardedConnection(props);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot use the connection's signature scheme '" + props.getSignatureScheme()
                    + "': " + e.getMessage(), e);
        }
        kernel.becomeHandlerForConnection(connection);
        kernel.onStartup();
        try {
            connection.connect();
        } catch (RuntimeException e) { // ZeroMQ's: a port in use, an address that is not ours
            String why = e instanceof org.zeromq.ZMQException z && org.zeromq.ZMQ.Error.findByCode(z.getErrorCode()) != null
                    ? org.zeromq.ZMQ.Error.findByCode(z.getErrorCode()).getMessage() : e.getMessage();
            throw new IOException("cannot listen on " + props.getTransport() + "://" + props.getIp() + " (ports "
                    + props.getShellPort() + ", " + props.getIopubPort() + ", " + props.getStdinPort() + ", "
                    + props.getControlPort() + ", " + props.getHbPort() + "): " + why, e);
        }
        ExitGuard.watch();
        ParentWatch.start(() -> {
            System.err.println("attention-lab kernel: the client process is gone; exiting");
            exitSoon(0);
        });
        connection.waitUntilClose();
        ExitGuard.allowExit();
    }

    /**
     * Reads a Jupyter connection file; a missing, empty or non-JSON file, or one without the ports,
     * is an {@link IOException} with a one-line message naming the file and the problem.
     */
    static KernelConnectionProperties readConnectionFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("connection file " + file + " does not exist");
        }
        String json = Files.readString(file, StandardCharsets.UTF_8);
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(json);
            if (!e.isJsonObject()) {
                throw new IOException("connection file " + file + " is not a JSON object"
                        + (json.isBlank() ? " (it is empty)" : ""));
            }
            o = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IOException("connection file " + file + " is not valid JSON: " + firstLine(e));
        }
        for (String field : new String[] {"ip", "transport", "shell_port", "iopub_port", "stdin_port", "control_port",
                "hb_port"}) {
            if (!o.has(field) || !o.get(field).isJsonPrimitive()) {
                throw new IOException("connection file " + file + " has no '" + field + "'");
            }
        }
        try {
            return KernelConnectionProperties.parse(json);
        } catch (JsonParseException e) {
            throw new IOException("connection file " + file + " has a field of the wrong type: " + firstLine(e));
        }
    }

    /** Gson's message, without its advice to parse leniently: where the JSON broke, if it says. */
    private static String firstLine(Exception e) {
        String m = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
        m = m == null ? e.getClass().getSimpleName() : m;
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl);
        java.util.regex.Matcher where = java.util.regex.Pattern.compile("at line \\d+ column \\d+").matcher(m);
        return m.startsWith("Use JsonReader.setStrictness") && where.find() ? "malformed " + where.group() : m;
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
