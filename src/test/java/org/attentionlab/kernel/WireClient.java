package org.attentionlab.kernel;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A raw Jupyter client on ZeroMQ, for tests that must send what no well-behaved client sends (bad
 * signatures, garbage frames, replays): it starts the kernel as Jupyter does, from a connection file,
 * and speaks the wire protocol frame by frame.
 */
final class WireClient implements AutoCloseable {
    static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);

    /** A message as received: the parsed JSON parts and the frames they came in. */
    record Received(JsonObject header, JsonObject parent, JsonObject content, List<byte[]> frames) {
        String type() {
            return header.get("msg_type").getAsString();
        }

        String parentId() {
            return parent.has("msg_id") ? parent.get("msg_id").getAsString() : "";
        }
    }

    private final Process kernel;
    private final Path log;
    private final String key;
    private final String session = UUID.randomUUID().toString();
    private final ZContext ctx = new ZContext();
    final ZMQ.Socket shell;
    final ZMQ.Socket control;
    final ZMQ.Socket iopub;
    final ZMQ.Socket stdin;
    final ZMQ.Socket heartbeat;
    /** Another client's sockets on shell and control: what an intruder without the key would use. */
    final ZMQ.Socket intruderShell;
    final ZMQ.Socket intruderControl;

    /** Starts a kernel with a fresh connection file in {@code dir}; {@code env} is added to its environment. */
    WireClient(Path dir, String key, Map<String, String> env) throws IOException {
        this.key = key;
        int[] ports = freePorts(5);
        String json = "{\"ip\": \"127.0.0.1\", \"transport\": \"tcp\", \"shell_port\": " + ports[0]
                + ", \"iopub_port\": " + ports[1] + ", \"stdin_port\": " + ports[2] + ", \"control_port\": " + ports[3]
                + ", \"hb_port\": " + ports[4] + ", \"key\": \"" + key + "\", \"signature_scheme\": \"hmac-sha256\"}";
        Path file = dir.resolve("connection.json");
        Files.writeString(file, json);
        this.log = dir.resolve("kernel.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx1g", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", String.join(File.pathSeparator, ClassPaths.ofThisJvm()),
                "org.attentionlab.cli.Main", "kernel", "run", "--connection-file", file.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        this.kernel = pb.start();
        String base = "tcp://127.0.0.1:";
        // stdin must share shell's identity: the kernel sends input_request to the requester's identity.
        byte[] identity = session.getBytes(StandardCharsets.US_ASCII);
        shell = socket(SocketType.DEALER, base + ports[0], identity);
        iopub = ctx.createSocket(SocketType.SUB);
        iopub.subscribe(new byte[0]);
        iopub.connect(base + ports[1]);
        stdin = socket(SocketType.DEALER, base + ports[2], identity);
        control = socket(SocketType.DEALER, base + ports[3], null);
        heartbeat = socket(SocketType.REQ, base + ports[4], null);
        intruderShell = socket(SocketType.DEALER, base + ports[0], null);
        intruderControl = socket(SocketType.DEALER, base + ports[3], null);
    }

    private ZMQ.Socket socket(SocketType type, String address, byte[] identity) {
        ZMQ.Socket s = ctx.createSocket(type);
        s.setLinger(0);
        if (identity != null) {
            s.setIdentity(identity);
        }
        s.connect(address);
        return s;
    }

    private static int[] freePorts(int n) throws IOException {
        int[] ports = new int[n];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0);
                held.add(s);
                ports[i] = s.getLocalPort();
            }
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
        return ports;
    }

    /** Waits until the kernel answers kernel_info on shell and its iopub messages reach us. */
    void awaitReady(long timeoutMillis) {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < end) {
            String id = send(shell, "kernel_info_request", new JsonObject());
            if (reply(shell, id, 2000) != null && drainIopub(500) > 0) {
                drainIopub(200);
                return;
            }
        }
        throw new AssertionError("the kernel did not answer kernel_info in " + timeoutMillis + " ms; its log:\n" + log());
    }

    /** Signs and sends a message; returns its msg_id. */
    String send(ZMQ.Socket socket, String type, JsonObject content) {
        List<byte[]> frames = frames(type, content, key);
        sendFrames(socket, frames);
        return JsonParser.parseString(new String(frames.get(2), StandardCharsets.UTF_8)).getAsJsonObject()
                .get("msg_id").getAsString();
    }

    /** The frames of a signed message (delimiter, signature, header, parent, metadata, content). */
    List<byte[]> frames(String type, JsonObject content, String signingKey) {
        JsonObject header = new JsonObject();
        header.addProperty("msg_id", UUID.randomUUID().toString());
        header.addProperty("username", "test");
        header.addProperty("session", session);
        header.addProperty("date", Instant.now().toString());
        header.addProperty("msg_type", type);
        header.addProperty("version", "5.3");
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        byte[] p = "{}".getBytes(StandardCharsets.UTF_8);
        byte[] m = "{}".getBytes(StandardCharsets.UTF_8);
        byte[] c = content.toString().getBytes(StandardCharsets.UTF_8);
        byte[] sig = sign(signingKey, h, p, m, c).getBytes(StandardCharsets.US_ASCII);
        return new ArrayList<>(List.of(DELIMITER, sig, h, p, m, c));
    }

    static String sign(String key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            StringBuilder hex = new StringBuilder();
            for (byte b : mac.doFinal()) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static void sendFrames(ZMQ.Socket socket, List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            if (i < frames.size() - 1) {
                socket.sendMore(frames.get(i));
            } else {
                socket.send(frames.get(i));
            }
        }
    }

    static JsonObject execute(String code) {
        JsonObject c = new JsonObject();
        c.addProperty("code", code);
        c.addProperty("silent", false);
        c.addProperty("store_history", true);
        c.add("user_expressions", new JsonObject());
        c.addProperty("allow_stdin", false);
        c.addProperty("stop_on_error", true);
        return c;
    }

    /** The reply to {@code msgId} on {@code socket}, skipping others; null if none came in time. */
    Received reply(ZMQ.Socket socket, String msgId, long timeoutMillis) {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                return null;
            }
            Received r = receive(socket, left);
            if (r == null) {
                return null;
            }
            if (r.parentId().equals(msgId)) {
                return r;
            }
        }
    }

    /** The next message on {@code socket}, or null after the timeout. */
    Received receive(ZMQ.Socket socket, long timeoutMillis) {
        socket.setReceiveTimeOut((int) Math.max(1, timeoutMillis));
        byte[] first = socket.recv();
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>();
        frames.add(first);
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv());
        }
        int d = 0;
        while (d < frames.size() && !java.util.Arrays.equals(frames.get(d), DELIMITER)) {
            d++;
        }
        return new Received(json(frames.get(d + 2)), json(frames.get(d + 3)), json(frames.get(d + 5)), frames);
    }

    private static JsonObject json(byte[] b) {
        return JsonParser.parseString(new String(b, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    /** Every iopub message for {@code parentId} up to and including its idle status. */
    List<Received> iopubUntilIdle(String parentId, long timeoutMillis) {
        List<Received> out = new ArrayList<>();
        long end = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < end) {
            Received r = receive(iopub, end - System.currentTimeMillis());
            if (r == null) {
                break;
            }
            if (!r.parentId().equals(parentId)) {
                continue;
            }
            out.add(r);
            if (r.type().equals("status") && r.content().get("execution_state").getAsString().equals("idle")) {
                return out;
            }
        }
        throw new AssertionError("no idle status for " + parentId + " in " + timeoutMillis + " ms; got "
                + out.size() + " messages; kernel log:\n" + log());
    }

    /** Reads and discards iopub messages until none comes for {@code quietMillis}; returns how many. */
    int drainIopub(long quietMillis) {
        int n = 0;
        while (receive(iopub, quietMillis) != null) {
            n++;
        }
        return n;
    }

    /** Runs {@code code} and returns its execute_reply (asserting one came). */
    Received run(String code, long timeoutMillis) {
        String id = send(shell, "execute_request", execute(code));
        Received r = reply(shell, id, timeoutMillis);
        if (r == null) {
            throw new AssertionError("no execute_reply to '" + code + "' in " + timeoutMillis + " ms; kernel log:\n" + log());
        }
        return r;
    }

    /** The text of all stream messages among {@code messages}, in order. */
    static String streamText(List<Received> messages) {
        StringBuilder sb = new StringBuilder();
        for (Received r : messages) {
            if (r.type().equals("stream")) {
                sb.append(r.content().get("text").getAsString());
            }
        }
        return sb.toString();
    }

    String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    boolean waitForExit(long timeoutMillis) throws InterruptedException {
        return kernel.waitFor(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        kernel.destroyForcibly();
        ctx.close();
    }
}
