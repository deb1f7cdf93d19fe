package org.attentionlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The kernel on the wire, driven by a raw ZeroMQ client ({@link WireClient}): messages no client
 * should send are dropped without harming the channel they came on, a replayed message is refused,
 * and shutdown still works at the end of it all. One kernel serves the whole class (start-up costs
 * seconds); the shutdown test runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KernelProtocolTest {
    private static final String KEY = "a-secret-key";
    private static final long REPLY_MS = 60_000;
    private static Path dir;
    private static WireClient client;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("kernel-protocol");
        client = new WireClient(dir, KEY, Map.of());
        client.awaitReady(180_000);
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
    }

    /** Ways a message can be invalid; each is built from a valid, signed message. */
    enum Bad {
        WRONG_KEY, EMPTY_SIGNATURE, TAMPERED_CONTENT, GARBAGE_FRAMES, TOO_FEW_FRAMES, BAD_JSON, HEADER_WITHOUT_FIELDS,
        NO_DELIMITER;

        List<byte[]> frames(WireClient c, String type, JsonObject content) {
            List<byte[]> f = c.frames(type, content, KEY);
            switch (this) {
                case WRONG_KEY -> f = c.frames(type, content, "not-the-key");
                case EMPTY_SIGNATURE -> f.set(1, new byte[0]);
                case TAMPERED_CONTENT -> f.set(5, WireClient.execute("System.out.println(\"tampered\")").toString()
                        .getBytes(StandardCharsets.UTF_8));
                case GARBAGE_FRAMES -> f = List.of(new byte[] {1, 2, 3}, "garbage".getBytes(StandardCharsets.UTF_8));
                case TOO_FEW_FRAMES -> f = new ArrayList<>(f.subList(0, 3));
                case BAD_JSON -> resign(f, 5, "{\"code\": ".getBytes(StandardCharsets.UTF_8));
                case HEADER_WITHOUT_FIELDS -> resign(f, 2, "{}".getBytes(StandardCharsets.UTF_8));
                case NO_DELIMITER -> f.remove(0);
                default -> throw new IllegalStateException();
            }
            return f;
        }

        /** Replaces frame {@code i} and signs the result with the right key (so only its content is wrong). */
        private static void resign(List<byte[]> f, int i, byte[] replacement) {
            f.set(i, replacement);
            f.set(1, WireClient.sign(KEY, f.get(2), f.get(3), f.get(4), f.get(5)).getBytes(StandardCharsets.US_ASCII));
        }
    }

    @ParameterizedTest
    @EnumSource(Bad.class)
    @Order(1)
    void anInvalidMessageOnShellIsDroppedAndShellAnswersTheNext(Bad bad) throws Exception {
        // Sent by another client: a message glued to the next one would send that one's reply to the intruder.
        WireClient.sendFrames(client.intruderShell, bad.frames(client, "execute_request",
                WireClient.execute("System.out.println(\"must not run\")")));
        pause(); // the intruder's message first, on its own connection
        WireClient.Received reply = client.run("40 + 2", REPLY_MS);
        assertEquals("ok", reply.content().get("status").getAsString(), reply.content().toString());
        client.drainIopub(300);
    }

    @ParameterizedTest
    @EnumSource(Bad.class)
    @Order(2)
    void anInvalidMessageOnControlIsDroppedAndControlAnswersTheNext(Bad bad) {
        WireClient.sendFrames(client.intruderControl, bad.frames(client, "shutdown_request", shutdown()));
        pause();
        String id = client.send(client.control, "kernel_info_request", new JsonObject());
        assertNotNull(client.reply(client.control, id, REPLY_MS), "no kernel_info_reply on control after " + bad
                + "; kernel log:\n" + client.log());
        String interrupt = client.send(client.control, "interrupt_request", new JsonObject());
        WireClient.Received r = client.reply(client.control, interrupt, REPLY_MS);
        assertNotNull(r, "no interrupt_reply after " + bad);
        assertEquals("interrupt_reply", r.type());
        client.drainIopub(300);
    }

    @Test
    @Order(3)
    void aReplayedExecuteRequestDoesNotRunTwice() {
        client.run("int replays = 0;", REPLY_MS);
        List<byte[]> frames = client.frames("execute_request", WireClient.execute("replays++;"), KEY);
        WireClient.sendFrames(client.shell, frames);
        WireClient.sendFrames(client.shell, frames);
        WireClient.sendFrames(client.control, frames);
        String id = client.send(client.shell, "execute_request", WireClient.execute("System.out.print(replays)"));
        List<WireClient.Received> out = client.iopubUntilIdle(id, REPLY_MS);
        assertEquals("1", WireClient.streamText(out), "the replayed request ran again");
    }

    @Test
    @Order(3)
    void controlServesNoCode() {
        String onControl = client.send(client.control, "execute_request", WireClient.execute("int onControl = 1;"));
        assertEquals(null, client.reply(client.control, onControl, 3000));
        WireClient.Received r = client.run("onControl", REPLY_MS);
        assertEquals("error", r.content().get("status").getAsString(), "the cell sent on control ran");
    }

    @Test
    @Order(4)
    void stdinOfAnInputRequestSkipsInvalidReplies() {
        JsonObject content = WireClient.execute("var in = new java.util.Scanner(System.in); in.nextLine()");
        content.addProperty("allow_stdin", true);
        String id = client.send(client.shell, "execute_request", content);
        WireClient.Received request = client.receive(client.stdin, REPLY_MS);
        assertNotNull(request, "no input_request on stdin; kernel log:\n" + client.log());
        assertEquals("input_request", request.type());
        JsonObject answer = new JsonObject();
        answer.addProperty("value", "typed");
        WireClient.sendFrames(client.stdin, Bad.WRONG_KEY.frames(client, "input_reply", answer));
        WireClient.sendFrames(client.stdin, Bad.TOO_FEW_FRAMES.frames(client, "input_reply", answer));
        client.send(client.stdin, "input_reply", answer);
        WireClient.Received reply = client.reply(client.shell, id, REPLY_MS);
        assertNotNull(reply, "no execute_reply after the input; kernel log:\n" + client.log());
        assertEquals("ok", reply.content().get("status").getAsString(), reply.content().toString());
    }

    @Test
    @Order(0)
    void theKernelStartsQuietly() {
        assertTrue(!client.log().contains("WARNING"), "the kernel's start printed warnings:\n" + client.log());
    }

    @Test
    @Order(4)
    void aMessageDroppedWhileACellRunsIsNotReportedInTheCell() {
        String id = client.send(client.shell, "execute_request",
                WireClient.execute("Thread.sleep(1500);\nSystem.out.print(\"done\");"));
        pause();
        WireClient.sendFrames(client.intruderControl, Bad.WRONG_KEY.frames(client, "interrupt_request", new JsonObject()));
        assertEquals("done", WireClient.streamText(client.iopubUntilIdle(id, REPLY_MS)));
    }

    @Test
    @Order(5)
    void manyPrintsBecomeAFewStreamMessages() {
        String id = client.send(client.shell, "execute_request",
                WireClient.execute("for (int i = 0; i < 2000; i++) System.out.println(\"line \" + i);"));
        List<WireClient.Received> out = client.iopubUntilIdle(id, REPLY_MS);
        long streams = out.stream().filter(r -> r.type().equals("stream")).count();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            expected.append("line ").append(i).append('\n');
        }
        assertEquals(expected.toString(), WireClient.streamText(out));
        assertTrue(streams <= 50, "2,000 println calls arrived as " + streams + " stream messages");
    }

    @Test
    @Order(6)
    void stdoutAndStderrKeepTheirOrder() {
        String id = client.send(client.shell, "execute_request", WireClient.execute(
                "{ System.out.println(\"a\"); System.out.println(\"b\"); System.err.println(\"c\"); System.out.println(\"d\");"
                        + " System.out.print(\"x\"); System.err.print(\"y\"); System.out.print(\"z\\n\"); }\n"
                        + "display(\"shown\");\nSystem.out.println(\"e\");"));
        List<String> seen = new ArrayList<>();
        for (WireClient.Received r : client.iopubUntilIdle(id, REPLY_MS)) {
            if (r.type().equals("stream")) {
                seen.add(r.content().get("name").getAsString() + ":" + r.content().get("text").getAsString());
            } else if (r.type().equals("display_data")) {
                seen.add("display");
            }
        }
        assertEquals(List.of("stdout:a\nb\n", "stderr:c\n", "stdout:d\nx", "stderr:y", "stdout:z\n", "display", "stdout:e\n"),
                seen);
    }

    @Test
    @Order(7)
    void outputPastTheLimitIsCutWithAVisibleNote() {
        client.run("System.setProperty(\"" + org.attentionlab.kernel.wire.OutputLimit.PROPERTY + "\", \"100k\");", REPLY_MS);
        String id = client.send(client.shell, "execute_request",
                WireClient.execute("for (int i = 0; i < 30000; i++) System.out.println(\"line \" + i);"));
        String text = WireClient.streamText(client.iopubUntilIdle(id, REPLY_MS));
        client.run("System.clearProperty(\"" + org.attentionlab.kernel.wire.OutputLimit.PROPERTY + "\");", REPLY_MS);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 30000; i++) {
            expected.append("line ").append(i).append('\n');
        }
        assertTrue(text.startsWith(expected.substring(0, 100_000)), "the first 100,000 characters arrive whole");
        assertTrue(text.contains("passed 100,000 characters"), "a note when the limit is reached");
        assertTrue(text.contains("lines) of this cell's output were cut here"), "a note of what was cut");
        assertTrue(text.endsWith("line 29998\nline 29999\n"), "the last lines are shown");
        assertTrue(text.length() < 100_000 + 20_000, "about the limit, not the whole: " + text.length());
    }

    @Test
    @Order(8)
    void aLargeOutputArrivesWhole() {
        String id = client.send(client.shell, "execute_request", WireClient.execute(
                "String row = \"x\".repeat(90);\nfor (int i = 0; i < 40000; i++) System.out.println(row + i);"));
        // The reply comes first while iopub queues up unread, as with a slow browser.
        assertNotNull(client.reply(client.shell, id, REPLY_MS), "no execute_reply; log:\n" + client.log());
        String text = WireClient.streamText(client.iopubUntilIdle(id, REPLY_MS));
        StringBuilder expected = new StringBuilder();
        String row = "x".repeat(90);
        for (int i = 0; i < 40000; i++) {
            expected.append(row).append(i).append('\n');
        }
        assertEquals(expected.length(), text.length(), "characters received of " + expected.length());
        assertEquals(expected.toString(), text);
    }

    @Test
    @Order(9)
    void shutdownIsAnsweredAfterAllThatAndTheKernelExits() throws Exception {
        String id = client.send(client.control, "shutdown_request", shutdown());
        WireClient.Received r = client.reply(client.control, id, REPLY_MS);
        assertNotNull(r, "no shutdown_reply; kernel log:\n" + client.log());
        assertTrue(client.waitForExit(60_000), "the kernel did not exit after shutdown; log:\n" + client.log());
        String log = client.log();
        assertTrue(log.contains("invalid signature") || log.contains("signature"), "rejections are logged:\n" + log);
        assertTrue(!log.contains("must not run") && !log.contains("tampered"), log);
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static JsonObject shutdown() {
        JsonObject c = new JsonObject();
        c.addProperty("restart", false);
        return c;
    }
}
