package org.attentionlab.notebooks;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A minimal Chrome DevTools Protocol client: starts a headless Chromium with a fresh profile in a
 * temporary directory, connects to its one page over a WebSocket and sends commands (JSON built
 * with Gson). {@link #close()} kills the browser and deletes the profile, also after a failure.
 */
final class DevTools implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
    private final Map<String, List<Consumer<JsonObject>>> handlers = new ConcurrentHashMap<>();
    private final Object sendLock = new Object();
    /** Events are handled here, off the WebSocket's thread, one at a time in arrival order. */
    private final ExecutorService events = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "devtools-events");
        t.setDaemon(true);
        return t;
    });

    private DevTools(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** Starts {@code chromium} headless on {@code about:blank} and connects to its page. */
    static DevTools start(Path chromium) throws IOException {
        Path profile = Files.createTempDirectory("attention-lab-chromium");
        Process process = null;
        try {
            process = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-quic", "--no-first-run", "--no-default-browser-check",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-extensions", "--mute-audio", "--user-data-dir=" + profile,
                    "--remote-debugging-port=0", "about:blank")
                    .redirectErrorStream(true)
                    .redirectOutput(profile.resolve("chromium.log").toFile())
                    .start();
            int port = waitForPort(process, profile.resolve("DevToolsActivePort"));
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            String pageUrl = pageWebSocketUrl(http, port);
            DevTools[] self = new DevTools[1];
            Listener listener = new Listener(message -> self[0].dispatch(message));
            WebSocket socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create(pageUrl), listener).get(10, TimeUnit.SECONDS);
            self[0] = new DevTools(process, profile, socket);
            return self[0];
        } catch (IOException | RuntimeException | ExecutionException | TimeoutException e) {
            destroy(process);
            deleteTree(profile);
            throw e instanceof IOException io ? io : new IOException("could not start " + chromium + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            destroy(process);
            deleteTree(profile);
            throw new IOException("interrupted while starting " + chromium, e);
        }
    }

    private static int waitForPort(Process process, Path portFile) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isRegularFile(portFile)) {
                List<String> lines = Files.readAllLines(portFile);
                if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                    return Integer.parseInt(lines.get(0).trim());
                }
            }
            if (!process.isAlive()) {
                throw new IOException("chromium exited with status " + process.exitValue() + " before listening: "
                        + tail(portFile.resolveSibling("chromium.log")));
            }
            Thread.sleep(50);
        }
        throw new IOException("chromium wrote no " + portFile + " within " + START_TIMEOUT.toSeconds() + " s");
    }

    private static String pageWebSocketUrl(HttpClient http, int port) throws IOException, InterruptedException {
        HttpRequest list = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                .timeout(Duration.ofSeconds(10)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String body = http.send(list, HttpResponse.BodyHandlers.ofString()).body();
            for (JsonElement e : JsonParser.parseString(body).getAsJsonArray()) {
                JsonObject target = e.getAsJsonObject();
                if ("page".equals(target.get("type").getAsString()) && target.has("webSocketDebuggerUrl")) {
                    return target.get("webSocketDebuggerUrl").getAsString();
                }
            }
            Thread.sleep(100);
        }
        throw new IOException("chromium listed no page target on port " + port);
    }

    /** Calls {@code handler} with the params of every event named {@code method}. */
    void on(String method, Consumer<JsonObject> handler) {
        handlers.computeIfAbsent(method, m -> new CopyOnWriteArrayList<>()).add(handler);
    }

    /** Sends a command and returns its future result (completed exceptionally on a protocol error). */
    CompletableFuture<JsonObject> sendAsync(String method, JsonObject params) {
        int id = nextId.getAndIncrement();
        JsonObject message = new JsonObject();
        message.addProperty("id", id);
        message.addProperty("method", method);
        message.add("params", params == null ? new JsonObject() : params);
        CompletableFuture<JsonObject> result = new CompletableFuture<>();
        pending.put(id, result);
        synchronized (sendLock) { // the WebSocket allows one outstanding send
            socket.sendText(message.toString(), true).join();
        }
        return result;
    }

    /** Sends a command and waits for its result. */
    JsonObject send(String method, JsonObject params) throws IOException {
        try {
            return sendAsync(method, params).get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IOException(method + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException(method + ": no answer within " + COMMAND_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(method + ": interrupted", e);
        }
    }

    /** Evaluates a JavaScript expression in the page and returns its value (by value; awaits promises). */
    JsonElement evaluate(String expression) throws IOException {
        JsonObject params = new JsonObject();
        params.addProperty("expression", expression);
        params.addProperty("returnByValue", true);
        params.addProperty("awaitPromise", true);
        JsonObject result = send("Runtime.evaluate", params);
        if (result.has("exceptionDetails")) {
            throw new IOException("page script failed: " + result.get("exceptionDetails"));
        }
        JsonObject value = result.getAsJsonObject("result");
        return value.has("value") ? value.get("value") : null;
    }

    private void dispatch(String text) {
        JsonObject message = JsonParser.parseString(text).getAsJsonObject();
        if (message.has("id")) {
            CompletableFuture<JsonObject> f = pending.remove(message.get("id").getAsInt());
            if (f == null) {
                return;
            }
            if (message.has("error")) {
                f.completeExceptionally(new IOException(message.get("error").toString()));
            } else {
                f.complete(message.has("result") ? message.getAsJsonObject("result") : new JsonObject());
            }
        } else if (message.has("method")) {
            JsonObject params = message.has("params") ? message.getAsJsonObject("params") : new JsonObject();
            List<Consumer<JsonObject>> hs = handlers.getOrDefault(message.get("method").getAsString(), List.of());
            if (!hs.isEmpty() && !events.isShutdown()) {
                events.execute(() -> {
                    for (Consumer<JsonObject> h : hs) {
                        try {
                            h.accept(params);
                        } catch (RuntimeException e) {
                            System.err.println("devtools: handler for " + message.get("method") + " failed: " + e);
                        }
                    }
                });
            }
        }
    }

    @Override
    public void close() {
        events.shutdownNow();
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(2, TimeUnit.SECONDS);
        } catch (RuntimeException ignored) {
            // the browser goes away below anyway
        }
        destroy(process);
        deleteTree(profile);
    }

    private static void destroy(Process process) {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        // Chromium's helpers may still be writing for a moment after it exits: try a few times.
        for (int attempt = 0; attempt < 5 && Files.exists(dir); attempt++) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException | UncheckedIOException e) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static String tail(Path log) {
        try {
            String s = Files.readString(log, StandardCharsets.UTF_8);
            return s.length() > 500 ? s.substring(s.length() - 500) : s;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    static JsonObject params(Object... keysAndValues) {
        JsonObject o = new JsonObject();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            String key = (String) keysAndValues[i];
            Object v = keysAndValues[i + 1];
            if (v instanceof JsonElement e) {
                o.add(key, e);
            } else if (v instanceof Number n) {
                o.addProperty(key, n);
            } else if (v instanceof Boolean b) {
                o.addProperty(key, b);
            } else {
                o.addProperty(key, String.valueOf(v));
            }
        }
        return o;
    }

    static JsonArray array(JsonElement... elements) {
        JsonArray a = new JsonArray();
        for (JsonElement e : elements) {
            a.add(e);
        }
        return a;
    }

    /** Joins a message's fragments and hands it on, requesting the next one after each. */
    private static final class Listener implements WebSocket.Listener {
        private final Consumer<String> sink;
        private final StringBuilder buffer = new StringBuilder();

        Listener(Consumer<String> sink) {
            this.sink = sink;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
                String text = buffer.toString();
                buffer.setLength(0);
                try {
                    sink.accept(text);
                } catch (RuntimeException e) {
                    // a malformed message must not stop the listener
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
