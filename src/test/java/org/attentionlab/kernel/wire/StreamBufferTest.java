package org.attentionlab.kernel.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.publish.PublishStream;
import org.dflib.jjava.jupyter.messages.publish.PublishStream.StreamType;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.junit.jupiter.api.Test;

class StreamBufferTest {
    private static final Message<ExecuteRequest> CELL_A = request();
    private static final Message<ExecuteRequest> CELL_B = request();

    private static Message<ExecuteRequest> request() {
        return new Message<>(new Header<>("session", MessageType.EXECUTE_REQUEST), null);
    }

    private static Message<PublishStream> write(Message<?> parent, StreamType type, String text) {
        return new Message<>(parent, PublishStream.MESSAGE_TYPE, new PublishStream(type, text));
    }

    private static String text(Message<?> m) {
        return ((PublishStream) m.getContent()).getText();
    }

    private static StreamType type(Message<?> m) {
        return ((PublishStream) m.getContent()).getStreamType();
    }

    @Test
    void consecutiveWritesToOneStreamBecomeOneMessage() {
        StreamBuffer b = new StreamBuffer(() -> 0);
        for (int i = 0; i < 1000; i++) {
            b.add(write(CELL_A, StreamType.OUT, i + "\n"));
        }
        List<Message<?>> out = b.drain();
        assertEquals(1, out.size());
        assertTrue(text(out.get(0)).startsWith("0\n1\n2\n") && text(out.get(0)).endsWith("998\n999\n"));
        assertEquals(CELL_A.getHeader().getId(), out.get(0).getParentHeader().getId());
        assertTrue(b.drain().isEmpty());
    }

    @Test
    void theOrderOfStdoutAndStderrAndOfCellsIsKept() {
        StreamBuffer b = new StreamBuffer(() -> 0);
        b.add(write(CELL_A, StreamType.OUT, "a"));
        b.add(write(CELL_A, StreamType.OUT, "b"));
        b.add(write(CELL_A, StreamType.ERR, "c"));
        b.add(write(CELL_A, StreamType.OUT, "d"));
        b.add(write(CELL_B, StreamType.OUT, "e"));
        List<Message<?>> out = b.drain();
        assertEquals(List.of("ab", "c", "d", "e"), out.stream().map(StreamBufferTest::text).toList());
        assertEquals(List.of(StreamType.OUT, StreamType.ERR, StreamType.OUT, StreamType.OUT),
                out.stream().map(StreamBufferTest::type).toList());
        assertEquals(CELL_B.getHeader().getId(), out.get(3).getParentHeader().getId());
    }

    @Test
    void outputPastTheLimitIsCutWithANoteAndItsTailShownAtTheEnd() {
        StreamBuffer b = new StreamBuffer(() -> 1000);
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            String line = "line " + i + "\n";
            all.append(line);
            b.add(write(CELL_A, StreamType.OUT, line));
        }
        List<Message<?>> during = b.drain();
        assertEquals(all.substring(0, 1000), text(during.get(0)), "the first 1,000 characters arrive whole");
        assertEquals(StreamType.ERR, type(during.get(1)));
        assertTrue(text(during.get(1)).contains("passed 1,000 characters"), text(during.get(1)));
        b.end(CELL_A.getHeader().getId());
        List<Message<?>> atEnd = b.drain();
        String note = text(atEnd.get(0));
        String tail = text(atEnd.get(1));
        assertTrue(all.toString().endsWith(tail) && tail.startsWith("line ") && tail.endsWith("line 4999\n"), tail);
        assertTrue(tail.length() <= StreamBuffer.TAIL_CHARS);
        long cut = all.length() - 1000 - tail.length();
        long cutLines = all.substring(1000, all.length() - tail.length()).chars().filter(c -> c == '\n').count();
        assertTrue(note.contains(String.format("%,d characters (%,d lines)", cut, cutLines)), note + " expected " + cut);
        assertTrue(note.contains("ATTENTION_LAB_OUTPUT_LIMIT"), note);
    }

    @Test
    void aCellUnderTheLimitGetsNoNote() {
        StreamBuffer b = new StreamBuffer(() -> 1000);
        b.add(write(CELL_A, StreamType.OUT, "x".repeat(1000)));
        b.end(CELL_A.getHeader().getId());
        assertEquals(1, b.drain().size());
    }

    @Test
    void limitsParse() {
        assertEquals(4_000_000, OutputLimit.parse("4000000"));
        assertEquals(500_000, OutputLimit.parse("500k"));
        assertEquals(20_000_000, OutputLimit.parse("20M"));
        assertEquals(0, OutputLimit.parse("0"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OutputLimit.parse("lots"));
        assertTrue(e.getMessage().contains("'lots'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OutputLimit.parse("-5"));
    }
}
