package org.attentionlab.kernel.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.junit.jupiter.api.Test;

class MessageGuardTest {
    private static final String KEY = "k3y";

    private static List<byte[]> frames(String key, String content) throws Exception {
        String header = "{\"msg_id\": \"" + UUID.randomUUID() + "\", \"username\": \"u\", \"session\": \"s\","
                + " \"date\": \"2026-01-01T00:00:00Z\", \"msg_type\": \"execute_request\", \"version\": \"5.3\"}";
        byte[][] parts = {header.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8), content.getBytes(StandardCharsets.UTF_8)};
        String sig = new HMACGenerator("hmac-sha256", key).calculateSignature(parts);
        List<byte[]> f = new ArrayList<>();
        f.add("client-id".getBytes(StandardCharsets.US_ASCII));
        f.add(MessageGuard.DELIMITER);
        f.add(sig.getBytes(StandardCharsets.US_ASCII));
        f.addAll(List.of(parts));
        return f;
    }

    private static MessageGuard guard() throws Exception {
        return new MessageGuard(new HMACGenerator("hmac-sha256", KEY), true);
    }

    private static final String CODE = "{\"code\": \"1 + 1\", \"silent\": false, \"store_history\": true,"
            + " \"user_expressions\": {}, \"allow_stdin\": false, \"stop_on_error\": true}";

    @Test
    void aValidMessageIsParsedWithItsIdentity() throws Exception {
        MessageGuard.Verdict v = guard().check(frames(KEY, CODE));
        assertNull(v.reason());
        assertEquals(MessageType.EXECUTE_REQUEST, v.message().getHeader().getType());
        assertEquals("1 + 1", ((ExecuteRequest) v.message().getContent()).getCode());
        assertEquals("client-id", new String(v.message().getIdentities().get(0), StandardCharsets.US_ASCII));
    }

    @Test
    void badSignaturesAreRefused() throws Exception {
        assertTrue(guard().check(frames("other", CODE)).reason().contains("invalid signature"));
        List<byte[]> empty = frames(KEY, CODE);
        empty.set(2, new byte[0]);
        assertTrue(guard().check(empty).reason().contains("unsigned"));
        List<byte[]> tampered = frames(KEY, CODE);
        tampered.set(6, CODE.replace("1 + 1", "2 + 2").getBytes(StandardCharsets.UTF_8));
        assertTrue(guard().check(tampered).reason().contains("invalid signature"));
    }

    @Test
    void aReplayIsRefused() throws Exception {
        MessageGuard g = guard();
        List<byte[]> f = frames(KEY, CODE);
        assertNotNull(g.check(f).message());
        assertTrue(g.check(f).reason().startsWith("replayed"));
        assertNotNull(g.check(frames(KEY, CODE)).message(), "a new message with the same content is fine");
    }

    @Test
    void aTypeAChannelDoesNotServeIsRefusedWithoutSpoilingTheMessage() throws Exception {
        MessageGuard g = guard();
        List<byte[]> f = frames(KEY, CODE);
        assertTrue(g.check(f, java.util.Set.of(MessageType.SHUTDOWN_REQUEST)).reason().contains("not served"));
        assertNotNull(g.check(f).message(), "the same message on the channel that serves it");
    }

    @Test
    void malformedMessagesAreRefusedWithAReason() throws Exception {
        List<byte[]> f = frames(KEY, CODE);
        assertTrue(guard().check(f.subList(0, 4)).reason().startsWith("too few frames"));
        assertTrue(guard().check(List.of("x".getBytes(StandardCharsets.UTF_8))).reason().startsWith("no <IDS|MSG>"));
        assertTrue(guard().check(List.of()).reason().startsWith("no <IDS|MSG>"));
        assertTrue(guard().check(frames(KEY, "{\"code\": ")).reason().startsWith("malformed"));
        assertTrue(guard().check(frames(KEY, "[1, 2]")).reason().startsWith("malformed"));
    }

    @Test
    void withoutAKeyNothingIsSignedOrRemembered() throws Exception {
        MessageGuard open = new MessageGuard(HMACGenerator.NO_AUTH_INSTANCE, false);
        List<byte[]> f = frames(KEY, CODE);
        f.set(2, new byte[0]);
        assertNotNull(open.check(f).message());
        assertNotNull(open.check(f).message());
    }
}
