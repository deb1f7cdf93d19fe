package org.attentionlab.kernel.wire;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.dflib.jjava.jupyter.kernel.ExpressionValue;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.KernelTimestamp;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.ReplyType;
import org.dflib.jjava.jupyter.messages.adapters.ExpressionValueAdapter;
import org.dflib.jjava.jupyter.messages.adapters.HeaderAdapter;
import org.dflib.jjava.jupyter.messages.adapters.HistoryEntryAdapter;
import org.dflib.jjava.jupyter.messages.adapters.HistoryRequestAdapter;
import org.dflib.jjava.jupyter.messages.adapters.KernelTimestampAdapter;
import org.dflib.jjava.jupyter.messages.adapters.MessageTypeAdapter;
import org.dflib.jjava.jupyter.messages.adapters.PublishStatusAdapter;
import org.dflib.jjava.jupyter.messages.adapters.ReplyTypeAdapter;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;

/**
 * Checks one received multipart message before anything acts on it: its frames, its signature,
 * whether it was seen before, and its JSON; a message that fails is logged and dropped.
 *
 * <p>jjava's reader throws on a bad signature from inside its channel loop, which ends the loop,
 * and it reads frame by frame, so a message with too few frames swallows the next one. Here the
 * whole message is read first (see {@link GuardedShellChannel}) and judged as a unit.
 *
 * <p>Like jupyter_client's {@code Session}, the guard remembers the signatures it accepted (the
 * newest {@value #HISTORY} of them) and refuses a message whose signature it has seen: a signed
 * message captured on the wire cannot be played back to run a cell again. (A message is parsed
 * before its signature is remembered, so that a channel can refuse types it does not serve without
 * spoiling the message for the channel that does.) With no key (a connection
 * file with {@code "key": ""}) nothing is signed and neither check applies.
 */
public final class MessageGuard {
    /** How many accepted signatures are remembered (jupyter_client keeps 2^16 too). */
    static final int HISTORY = 1 << 16;
    static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    private static final Type JSON_MAP = new TypeToken<Map<String, Object>>() { }.getType();
    /** jjava's own message Gson, rebuilt from its public adapters (its instance is private). */
    private static final Gson GSON;

    static {
        Gson replyGson = new GsonBuilder()
                .registerTypeAdapter(HistoryEntry.class, HistoryEntryAdapter.INSTANCE)
                .registerTypeAdapter(ExpressionValue.class, ExpressionValueAdapter.INSTANCE)
                .create();
        GSON = new GsonBuilder()
                .registerTypeAdapter(KernelTimestamp.class, KernelTimestampAdapter.INSTANCE)
                .registerTypeAdapter(Header.class, HeaderAdapter.INSTANCE)
                .registerTypeAdapter(MessageType.class, MessageTypeAdapter.INSTANCE)
                .registerTypeAdapter(PublishStatus.class, PublishStatusAdapter.INSTANCE)
                .registerTypeAdapter(HistoryRequest.class, HistoryRequestAdapter.INSTANCE)
                .registerTypeHierarchyAdapter(ReplyType.class, new ReplyTypeAdapter(replyGson))
                .create();
    }

    private final HMACGenerator hmac;
    private final boolean signed;
    private final LinkedHashSet<String> seen = new LinkedHashSet<>();
    private final AtomicLong rejected = new AtomicLong();

    /** @param signed whether the connection has a key (messages must then carry a valid signature) */
    public MessageGuard(HMACGenerator hmac, boolean signed) {
        this.hmac = hmac;
        this.signed = signed;
    }

    /** The parsed message, or why it was refused: {@code message} is null exactly when {@code reason} is not. */
    public record Verdict(Message<?> message, String reason) {
    }

    /** The message in {@code frames} if it passes, else null (and the refusal is logged). */
    Message<?> accept(List<byte[]> frames, String channel) {
        return accept(frames, channel, null);
    }

    /** As {@link #accept(List, String)}, for a channel that serves only the message types in {@code served}. */
    Message<?> accept(List<byte[]> frames, String channel, Set<MessageType<?>> served) {
        Verdict v = check(frames, served);
        if (v.reason() != null) {
            log(channel, v.reason());
        }
        return v.message();
    }

    /** Judges the frames of one message. */
    public Verdict check(List<byte[]> frames) {
        return check(frames, null);
    }

    /**
     * Judges the frames of one message for a channel that serves {@code served} (null: every type).
     * A message of another type is refused before its signature is remembered, so a copy of it on
     * the right channel is not taken for a replay.
     */
    public Verdict check(List<byte[]> frames, Set<MessageType<?>> served) {
        int d = 0;
        while (d < frames.size() && !Arrays.equals(frames.get(d), DELIMITER)) {
            d++;
        }
        if (d == frames.size()) {
            return refuse("no <IDS|MSG> delimiter among its " + frames.size() + " frames");
        }
        if (frames.size() - d - 1 < 5) {
            return refuse("too few frames: " + (frames.size() - d - 1) + " after the delimiter, 5 needed");
        }
        byte[] signature = frames.get(d + 1);
        byte[] header = frames.get(d + 2);
        byte[] parent = frames.get(d + 3);
        byte[] metadata = frames.get(d + 4);
        byte[] content = frames.get(d + 5);
        String sig = new String(signature, StandardCharsets.US_ASCII);
        if (signed) {
            if (signature.length == 0) {
                return refuse("unsigned (empty signature)");
            }
            byte[] expected = hmac.calculateSignature(header, parent, metadata, content).getBytes(StandardCharsets.US_ASCII);
            if (!MessageDigest.isEqual(expected, signature)) {
                return refuse("invalid signature (wrong key or altered message)");
            }
        }
        Message<?> message;
        try {
            message = parse(frames.subList(0, d), header, parent, metadata, content, frames.subList(d + 6, frames.size()));
        } catch (RuntimeException e) {
            return refuse("malformed: " + oneLine(e));
        }
        if (served != null && !served.contains(message.getHeader().getType())) {
            return refuse("a '" + message.getHeader().getType().getName() + "' message is not served on this channel");
        }
        if (signed && !remember(sig)) {
            return refuse("replayed: a message with this signature was already received");
        }
        return new Verdict(message, null);
    }

    /** Adds a signature to the history; false if it was there. Oldest entries go first when full. */
    private synchronized boolean remember(String sig) {
        if (!seen.add(sig)) {
            return false;
        }
        if (seen.size() > HISTORY) {
            Iterator<String> oldest = seen.iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Message<?> parse(List<byte[]> identities, byte[] headerRaw, byte[] parentRaw, byte[] metadataRaw,
            byte[] contentRaw, List<byte[]> blobs) {
        JsonElement headerJson = JsonParser.parseString(utf8(headerRaw));
        if (!headerJson.isJsonObject()) {
            throw new IllegalArgumentException("the header is not a JSON object");
        }
        JsonObject h = headerJson.getAsJsonObject();
        for (String field : new String[] {"msg_id", "msg_type", "session", "username", "version"}) {
            if (!h.has(field) || !h.get(field).isJsonPrimitive()) {
                throw new IllegalArgumentException("the header has no '" + field + "'");
            }
        }
        Header<?> header = GSON.fromJson(h, Header.class);
        Header<?> parentHeader = null;
        JsonElement parentJson = JsonParser.parseString(utf8(parentRaw));
        if (parentJson.isJsonObject() && !parentJson.getAsJsonObject().isEmpty()) {
            parentHeader = GSON.fromJson(parentJson, Header.class);
        }
        Map<String, Object> metadata = GSON.fromJson(utf8(metadataRaw), JSON_MAP);
        JsonElement contentJson = JsonParser.parseString(utf8(contentRaw));
        if (!contentJson.isJsonObject()) {
            throw new IllegalArgumentException("the content is not a JSON object");
        }
        Object content = GSON.fromJson(contentJson, header.getType().getContentType());
        if (content instanceof ErrorReply) {
            header = new Header<>(header.getId(), header.getUsername(), header.getSessionId(), header.getTimestamp(),
                    header.getType().error(), header.getVersion());
        }
        return new Message(List.copyOf(identities), header, parentHeader, metadata, content, List.copyOf(blobs));
    }

    private Verdict refuse(String reason) {
        return new Verdict(null, reason);
    }

    /**
     * Logs a refusal: the first ten one by one, then one in a hundred, so a flood of garbage cannot
     * flood the kernel's log.
     */
    void log(String channel, String reason) {
        long n = rejected.incrementAndGet();
        if (n <= 10 || n % 100 == 0) {
            WireLog.warn("dropped a message on " + channel + " (" + n + " dropped so far): " + reason);
        }
    }

    /** How many messages were refused so far. */
    public long rejectedCount() {
        return rejected.get();
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String oneLine(RuntimeException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl);
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }
}
