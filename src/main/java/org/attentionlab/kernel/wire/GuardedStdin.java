package org.attentionlab.kernel.wire;

import org.dflib.jjava.jupyter.channels.StdinChannel;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.reply.InputReply;
import org.dflib.jjava.jupyter.messages.request.InputRequest;
import org.zeromq.ZMQ;

/**
 * The stdin channel: asks the front end for a line of input and waits for a valid
 * {@code input_reply}, dropping whatever else arrives meanwhile (jjava's would throw on a bad
 * signature, or take a short message's missing frames from the next one).
 */
final class GuardedStdin extends StdinChannel {

    private final MessageGuard guard;

    GuardedStdin(ZMQ.Context context, HMACGenerator hmac, MessageGuard guard) {
        super(context, hmac);
        this.guard = guard;
    }

    @Override
    public synchronized String getInput(MessageContext context, String prompt, boolean isPasswordRequest) {
        sendMessage(new Message<>(context, InputRequest.MESSAGE_TYPE, new InputRequest(prompt, isPasswordRequest)));
        while (true) {
            java.util.List<byte[]> frames = GuardedShellChannel.readFrames(this);
            if (frames.isEmpty()) {
                throw new IllegalStateException("the stdin channel closed while the cell waited for input");
            }
            Message<?> m = guard.accept(frames, "stdin");
            if (m == null) {
                continue;
            }
            if (m.getHeader().getType() != InputReply.MESSAGE_TYPE || !(m.getContent() instanceof InputReply reply)) {
                WireLog.warn("stdin: expected an input_reply, got '" + m.getHeader().getType().getName() + "'; ignored");
                continue;
            }
            return reply.getValue() + System.lineSeparator();
        }
    }
}
