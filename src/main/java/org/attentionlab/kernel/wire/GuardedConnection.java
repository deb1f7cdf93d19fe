package org.attentionlab.kernel.wire;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dflib.jjava.jupyter.channels.IOPubChannel;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.zeromq.ZMQ;

/**
 * A jjava {@link JupyterConnection} whose five channels are our own: shell and control on loops
 * that drop invalid or replayed messages and live on ({@link GuardedShellChannel}, one
 * {@link MessageGuard} for all channels, as jupyter_client keeps one digest history a session),
 * stdin that waits for a valid reply ({@link GuardedStdin}), a heartbeat that cannot be stopped
 * ({@link GuardedHeartbeat}), and iopub with merged, capped streams and no drops
 * ({@link CoalescingIOPub}).
 *
 * <p>jjava's kernel only needs a {@code JupyterConnection} to register handlers and reach iopub,
 * so this subclass overrides the methods that bind, publish, reply and close; the sockets jjava's
 * constructor creates are never bound and are closed with the rest.
 */
public final class GuardedConnection extends JupyterConnection {
    /** How long closing waits for a channel's loop (a cell still running keeps the shell loop busy). */
    private static final long LOOP_END_MS = 3000;

    private final KernelConnectionProperties props;
    private final ZMQ.Context zmq = ZMQ.context(1);
    private final MessageGuard guard;
    private final GuardedHeartbeat heartbeat;
    private final GuardedShellChannel shell;
    private final GuardedShellChannel control;
    private final GuardedStdin stdin;
    private final CoalescingIOPub iopub;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);
    private boolean connected;

    public GuardedConnection(KernelConnectionProperties props) throws NoSuchAlgorithmException, InvalidKeyException {
        super(props);
        WireLog.init();
        this.props = props;
        HMACGenerator hmac = props.createHMACGenerator();
        this.guard = new MessageGuard(hmac, props.getKey() != null && !props.getKey().isEmpty());
        this.heartbeat = new GuardedHeartbeat(zmq, hmac);
        this.shell = new GuardedShellChannel(zmq, hmac, false, this, guard);
        this.control = new GuardedShellChannel(zmq, hmac, true, this, guard);
        this.stdin = new GuardedStdin(zmq, hmac, guard);
        this.iopub = new CoalescingIOPub(zmq, hmac);
    }

    @Override
    public synchronized void connect() {
        if (connected) {
            return;
        }
        heartbeat.bind(props);
        iopub.bind(props);
        stdin.bind(props);
        control.bind(props);
        shell.bind(props);
        iopub.sendMessage(new Message<>(null, PublishStatus.MESSAGE_TYPE, PublishStatus.STARTING));
        connected = true;
    }

    @Override
    public IOPubChannel getIOPub() {
        return iopub;
    }

    @Override
    public ShellReplyEnvironment prepareReplyEnv(ShellChannel channel, MessageContext context) {
        return new ShellReplyEnvironment(channel, stdin, iopub, context) {
        };
    }

    /** How many invalid or replayed messages were dropped so far. */
    public long droppedMessages() {
        return guard.rejectedCount();
    }

    /**
     * Asks every loop to end (called on a shutdown request, from the control loop itself);
     * {@link #waitUntilClose} finishes the job.
     */
    @Override
    public void close() {
        if (closing.compareAndSet(false, true)) {
            shell.close();
            control.close();
            heartbeat.close();
            closed.countDown();
        }
    }

    /**
     * Returns once the connection was closed and its loops ended: the sockets the loops do not own
     * are closed here, and ZeroMQ's context too, unless a loop is still busy (a cell that ignores
     * interrupts), in which case the process is about to exit anyway.
     */
    @Override
    public void waitUntilClose() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        boolean ended = control.awaitEnd(LOOP_END_MS) & shell.awaitEnd(LOOP_END_MS) & heartbeat.awaitEnd(LOOP_END_MS);
        if (ended) {
            iopub.close();
            stdin.close();
            zmq.close();
            super.close();
        } else {
            iopub.flushNow();
            WireLog.warn("a channel is still busy (a running cell?); leaving its sockets to the process's exit");
        }
    }
}
