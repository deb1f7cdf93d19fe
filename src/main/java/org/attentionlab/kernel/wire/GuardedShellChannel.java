package org.attentionlab.kernel.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellHandler;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The shell or control channel, served by a loop of our own in place of jjava's {@code Loop}.
 *
 * <p>jjava's loop reads a message frame by frame and throws on a bad signature; the exception ends
 * the loop's thread, and the channel answers nothing more (on control, interrupt and shutdown stop
 * working). This loop reads each multipart message whole, lets {@link MessageGuard} judge it, drops
 * what fails, and survives anything a handler throws. It also waits in {@code poll} rather than
 * sleeping between polls, so a request is picked up at once.
 *
 * <p>On the control channel only control requests are served (shutdown, interrupt, kernel and comm
 * info): jjava would run an {@code execute_request} sent there on the control thread, beside the
 * shell's cell, and the two would swap {@code System.out} under each other.
 */
final class GuardedShellChannel extends ShellChannel {
    /** How long one poll waits before the loop checks whether it should stop. */
    private static final long POLL_MS = 100;

    /** What the control channel serves: it must answer while a cell runs, so it takes nothing that runs code. */
    private static final Set<MessageType<?>> CONTROL_TYPES = Set.of(MessageType.SHUTDOWN_REQUEST,
            MessageType.INTERRUPT_REQUEST, MessageType.KERNEL_INFO_REQUEST, MessageType.COMM_INFO_REQUEST);

    private final boolean isControl;
    private final GuardedConnection connection;
    private final MessageGuard guard;
    private final String name;
    private volatile boolean running;
    private Thread thread;

    GuardedShellChannel(ZMQ.Context context, HMACGenerator hmac, boolean isControl, GuardedConnection connection,
            MessageGuard guard) {
        super(context, hmac, isControl, connection);
        this.isControl = isControl;
        this.connection = connection;
        this.guard = guard;
        this.name = isControl ? "control" : "shell";
    }

    @Override
    public void bind(KernelConnectionProperties props) {
        if (thread != null) {
            throw new IllegalStateException(name + " channel already bound");
        }
        String address = formatAddress(props.getTransport(), props.getIp(),
                isControl ? props.getControlPort() : props.getShellPort());
        setLinger(1000); // let the last replies (shutdown_reply) leave before the socket closes
        super.bind(address);
        running = true;
        thread = new Thread(this::serve, "kernel-" + name);
        thread.start();
    }

    private void serve() {
        ZMQ.Poller poller = ctx.poller(1);
        poller.register(this, ZMQ.Poller.POLLIN);
        try {
            while (running) {
                try {
                    if (poller.poll(POLL_MS) > 0 && poller.pollin(0)) {
                        List<byte[]> frames = readFrames(this);
                        Message<?> message = guard.accept(frames, name, isControl ? CONTROL_TYPES : null);
                        if (message != null) {
                            handle(message);
                        }
                    }
                } catch (ZMQException e) {
                    if (e.getErrorCode() == ZMQ.Error.ETERM.getCode()) {
                        break;
                    }
                    WireLog.warn(name + ": " + e + " (the channel carries on)");
                } catch (RuntimeException e) {
                    WireLog.warn(name + ": " + e + " (the channel carries on)");
                }
            }
        } finally {
            poller.close();
            super.close();
        }
    }

    /** All frames of the next message: ZeroMQ delivers a multipart message whole or not at all. */
    static List<byte[]> readFrames(ZMQ.Socket socket) {
        List<byte[]> frames = new ArrayList<>();
        do {
            byte[] f = socket.recv(0);
            if (f == null) {
                break;
            }
            frames.add(f);
        } while (socket.hasReceiveMore());
        return frames;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void handle(Message<?> message) {
        ShellHandler handler = connection.getHandler(message.getHeader().getType());
        if (handler == null) {
            WireLog.warn(name + ": no handler for a '" + message.getHeader().getType().getName() + "' message; ignored");
            return;
        }
        ShellReplyEnvironment env = connection.prepareReplyEnv(this, message);
        try {
            handler.handle(env, message);
        } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
            WireLog.warn(name + ": handling '" + message.getHeader().getType().getName() + "' failed: " + e);
        } finally {
            try {
                env.resolveDeferrals();
            } catch (RuntimeException e) {
                WireLog.warn(name + ": sending the replies to '" + message.getHeader().getType().getName() + "' failed: " + e);
            }
        }
        if (env.isMarkedForShutdown()) {
            connection.close();
        }
    }

    /** Asks the loop to end; it closes the socket itself, on its own thread (sockets are not thread-safe). */
    @Override
    public void close() {
        running = false;
        if (thread == null) {
            super.close();
        }
    }

    /** Waits up to {@code millis} for the loop to end; true if it did (or never started). */
    boolean awaitEnd(long millis) {
        if (thread == null || thread == Thread.currentThread()) {
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
