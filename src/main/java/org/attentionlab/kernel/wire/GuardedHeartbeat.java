package org.attentionlab.kernel.wire;

import java.util.List;
import org.dflib.jjava.jupyter.channels.HeartbeatChannel;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The heartbeat: echoes every message back, all of its frames, on a loop that nothing a peer sends
 * can end (jjava's echoes the first frame only and its loop dies on any exception).
 */
final class GuardedHeartbeat extends HeartbeatChannel {

    private volatile boolean running;
    private Thread thread;

    GuardedHeartbeat(ZMQ.Context context, HMACGenerator hmac) {
        super(context, hmac);
    }

    @Override
    public void bind(KernelConnectionProperties props) {
        setLinger(0);
        super.bind(formatAddress(props.getTransport(), props.getIp(), props.getHbPort()));
        running = true;
        thread = new Thread(this::serve, "kernel-heartbeat");
        thread.setDaemon(true);
        thread.start();
    }

    private void serve() {
        ZMQ.Poller poller = ctx.poller(1);
        poller.register(this, ZMQ.Poller.POLLIN);
        try {
            while (running) {
                try {
                    if (poller.poll(100) > 0 && poller.pollin(0)) {
                        List<byte[]> frames = GuardedShellChannel.readFrames(this);
                        for (int i = 0; i < frames.size(); i++) {
                            if (i < frames.size() - 1) {
                                sendMore(frames.get(i));
                            } else {
                                send(frames.get(i), 0);
                            }
                        }
                    }
                } catch (ZMQException e) {
                    if (e.getErrorCode() == ZMQ.Error.ETERM.getCode()) {
                        break;
                    }
                    WireLog.warn("heartbeat: " + e + " (the channel carries on)");
                } catch (RuntimeException e) {
                    WireLog.warn("heartbeat: " + e + " (the channel carries on)");
                }
            }
        } finally {
            poller.close();
            super.close();
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread == null) {
            super.close();
        }
    }

    boolean awaitEnd(long millis) {
        if (thread == null) {
            return true;
        }
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    @Override
    public void waitUntilClose() {
        awaitEnd(0);
    }
}
