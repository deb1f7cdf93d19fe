package org.attentionlab.kernel.wire;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.KernelTimestamp;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishStream;
import org.dflib.jjava.jupyter.messages.publish.PublishStream.StreamType;

/**
 * A cell's stdout and stderr on their way to iopub: consecutive writes to one stream become one
 * {@code stream} message, and a cell's output beyond a limit is cut with a note saying what.
 *
 * <p>jjava sends one message per {@code println}; a loop printing 100,000 lines sent 100,000
 * messages, and a PUB socket drops messages once its queue is full, so the middle of a large output
 * vanished. Merged, the same output is a handful of messages. Order is kept: a write to the other
 * stream, or a write for another request, starts a new message.
 *
 * <p>The limit counts characters per request (per cell). Past it, text is no longer sent as it
 * comes; a note says so at once, the last {@value #TAIL_CHARS} characters are kept, and when the
 * cell ends ({@link #end}) a second note says how many characters and lines were cut, followed by
 * that tail. Nothing is lost silently.
 *
 * <p>Not thread-safe: its owner ({@link CoalescingIOPub}) calls it under its own lock.
 */
final class StreamBuffer {
    /** How much of the end of a cut output is kept to show when the cell ends. */
    static final int TAIL_CHARS = 10_000;
    /** Requests whose budget is remembered; a stray write after a cell's end starts a new one. */
    private static final int MAX_BUDGETS = 64;

    private final LongSupplier limit;
    private final List<Chunk> pending = new ArrayList<>();
    private long pendingChars;
    private final Map<String, Budget> budgets = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Budget> eldest) {
            return size() > MAX_BUDGETS;
        }
    };

    /** @param limit characters of output allowed per cell, read when a cell first writes; 0 or less: no limit */
    StreamBuffer(LongSupplier limit) {
        this.limit = limit;
    }

    /** Text of one stream for one request, and the first message it came in (for its parent and identities). */
    private record Chunk(Message<?> first, StreamType type, StringBuilder text) {
    }

    /** A piece of cut output kept for the tail. */
    private record Piece(StreamType type, String text) {
    }

    /** What one request (cell) has written so far. */
    private static final class Budget {
        final long limit;
        final Message<?> first;
        long shown;
        long cut;
        long cutLines;
        boolean noticeSent;
        final ArrayDeque<Piece> tail = new ArrayDeque<>();
        long tailChars;
        boolean tailTrimmed;

        Budget(long limit, Message<?> first) {
            this.limit = limit;
            this.first = first;
        }

        void cut(StreamType type, String text) {
            cut += text.length();
            cutLines += lines(text);
            tail.addLast(new Piece(type, text));
            tailChars += text.length();
            while (tailChars > TAIL_CHARS) {
                Piece head = tail.removeFirst();
                long excess = tailChars - TAIL_CHARS;
                if (head.text().length() > excess) {
                    tail.addFirst(new Piece(head.type(), head.text().substring((int) excess)));
                    tailChars -= excess;
                } else {
                    tailChars -= head.text().length();
                }
                tailTrimmed = true;
            }
        }
    }

    /** Takes one {@code stream} message's text. */
    void add(Message<?> message) {
        PublishStream stream = (PublishStream) message.getContent();
        String text = stream.getText();
        if (text == null || text.isEmpty()) {
            return;
        }
        Budget b = budgets.computeIfAbsent(parentId(message), k -> new Budget(limit.getAsLong(), message));
        if (b.limit > 0 && b.shown + text.length() > b.limit) {
            int room = (int) Math.max(0, b.limit - b.shown);
            if (room > 0 && Character.isHighSurrogate(text.charAt(room - 1))) {
                room--; // keep a surrogate pair together
            }
            append(message, stream.getStreamType(), text.substring(0, room));
            b.shown += room;
            b.cut(stream.getStreamType(), text.substring(room));
            if (!b.noticeSent) {
                b.noticeSent = true;
                append(message, StreamType.ERR, String.format(Locale.ROOT,
                        "%n[output limit: this cell's output passed %,d characters; the rest is not shown as it comes,"
                                + " and its last lines follow when the cell ends]%n", b.limit));
            }
            return;
        }
        b.shown += text.length();
        append(message, stream.getStreamType(), text);
    }

    private void append(Message<?> message, StreamType type, String text) {
        if (text.isEmpty()) {
            return;
        }
        Chunk last = pending.isEmpty() ? null : pending.get(pending.size() - 1);
        if (last != null && last.type() == type && parentId(last.first()).equals(parentId(message))) {
            last.text().append(text);
        } else {
            pending.add(new Chunk(message, type, new StringBuilder(text)));
        }
        pendingChars += text.length();
    }

    /** Characters waiting to be sent. */
    long pendingChars() {
        return pendingChars;
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    /** The merged messages to send now, oldest first; the buffer is then empty. */
    List<Message<?>> drain() {
        List<Message<?>> out = new ArrayList<>(pending.size());
        for (Chunk c : pending) {
            out.add(streamMessage(c.first(), c.type(), c.text().toString()));
        }
        pending.clear();
        pendingChars = 0;
        return out;
    }

    /**
     * Closes the books on request {@code parentId} (its cell ended): if output was cut, queues the
     * note that says how much and the tail; the caller then {@link #drain drains}.
     */
    void end(String parentId) {
        Budget b = budgets.remove(parentId);
        if (b == null || b.cut == 0) {
            return;
        }
        List<Piece> tail = new ArrayList<>(b.tail);
        if (b.tailTrimmed) {
            dropPartialFirstLine(tail);
        }
        long tailChars = 0;
        long tailLines = 0;
        for (Piece p : tail) {
            tailChars += p.text().length();
            tailLines += lines(p.text());
        }
        long notShown = b.cut - tailChars;
        append(b.first, StreamType.ERR, String.format(Locale.ROOT,
                "%n[output limit: %,d characters (%,d lines) of this cell's output were cut here; the limit is %,d"
                        + " characters a cell, set by ATTENTION_LAB_OUTPUT_LIMIT or -D%s (e.g. 20M; 0 for none).%s]%n",
                notShown, b.cutLines - tailLines, b.limit, OutputLimit.PROPERTY,
                tail.isEmpty() ? "" : " Its last lines follow."));
        for (Piece p : tail) {
            append(b.first, p.type(), p.text());
        }
    }

    /** A tail cut mid-line starts after its first line break (if it has one). */
    private static void dropPartialFirstLine(List<Piece> tail) {
        for (Iterator<Piece> it = tail.iterator(); it.hasNext(); ) {
            Piece p = it.next();
            int nl = p.text().indexOf('\n');
            if (nl < 0) {
                continue;
            }
            List<Piece> rest = new ArrayList<>();
            if (nl + 1 < p.text().length()) {
                rest.add(new Piece(p.type(), p.text().substring(nl + 1)));
            }
            it.forEachRemaining(rest::add);
            if (rest.isEmpty()) {
                return; // the tail is one line: keep it whole
            }
            tail.clear();
            tail.addAll(rest);
            return;
        }
    }

    /** A new stream message (fresh id and time) with the same parent and identities as {@code first}. */
    private static Message<PublishStream> streamMessage(Message<?> first, StreamType type, String text) {
        Header<?> h = first.getHeader();
        Header<PublishStream> header = new Header<>(UUID.randomUUID().toString(), h.getUsername(), h.getSessionId(),
                KernelTimestamp.now(), PublishStream.MESSAGE_TYPE, h.getVersion());
        return new Message<>(first.getIdentities(), header, first.getParentHeader(), first.getMetadata(),
                new PublishStream(type, text), null);
    }

    static String parentId(Message<?> m) {
        return m.getParentHeader() == null ? "" : String.valueOf(m.getParentHeader().getId());
    }

    private static long lines(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }
}
