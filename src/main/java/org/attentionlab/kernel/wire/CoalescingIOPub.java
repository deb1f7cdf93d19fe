package org.attentionlab.kernel.wire;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.dflib.jjava.jupyter.channels.IOPubChannel;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.dflib.jjava.jupyter.messages.publish.PublishStream;
import org.zeromq.ZMQ;

/**
 * The iopub channel, with stream output merged and capped ({@link StreamBuffer}) and a send queue
 * without a high-water mark.
 *
 * <p>Stream text waits at most {@value #FLUSH_MS} ms (or until {@value #FLUSH_CHARS} characters are
 * waiting); any other message (a display, a result, an error, the idle status) first sends the text
 * before it, so the order a cell produced things in is the order the notebook shows them.
 *
 * <p>A PUB socket never blocks: at its high-water mark (1,000 messages by default) it drops. With
 * the mark at 0 (none) the queue grows instead, and the per-cell output limit bounds how much.
 */
final class CoalescingIOPub extends IOPubChannel {
    static final long FLUSH_MS = 50;
    static final long FLUSH_CHARS = 1 << 20;

    private final StreamBuffer buffer;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kernel-iopub-flush");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> flush;

    CoalescingIOPub(ZMQ.Context context, HMACGenerator hmac) {
        super(context, hmac);
        this.buffer = new StreamBuffer(OutputLimit::current);
    }

    @Override
    public void bind(KernelConnectionProperties props) {
        setSndHWM(0);
        setLinger(1000);
        super.bind(props);
    }

    @Override
    public synchronized void sendMessage(Message<?> message) {
        if (closed) {
            return;
        }
        if (message.getContent() instanceof PublishStream) {
            buffer.add(message);
            if (buffer.pendingChars() >= FLUSH_CHARS) {
                flushNow();
            } else if (flush == null && !buffer.isEmpty()) {
                flush = timer.schedule(this::flushNow, FLUSH_MS, TimeUnit.MILLISECONDS);
            }
            return;
        }
        if (message.getContent() instanceof PublishStatus s && s.getState() == PublishStatus.State.IDLE) {
            buffer.end(StreamBuffer.parentId(message));
        }
        flushNow();
        super.sendMessage(message);
    }

    /** Sends the stream text waiting in the buffer. */
    synchronized void flushNow() {
        if (flush != null) {
            flush.cancel(false);
            flush = null;
        }
        for (Message<?> m : buffer.drain()) {
            super.sendMessage(m);
        }
    }

    @Override
    public synchronized void close() {
        flushNow();
        timer.shutdownNow();
        super.close();
    }
}
