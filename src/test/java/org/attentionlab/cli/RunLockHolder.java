package org.attentionlab.cli;

import java.nio.file.Path;

/**
 * A second process for {@link RunLockTest}: locks the run directory given as its argument, says
 * "locked" on stdout, and holds the lock until it is killed or its stdin closes.
 */
public final class RunLockHolder {
    private RunLockHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (RunLock lock = RunLock.acquire(Path.of(args[0]))) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold on until stdin closes (or the test kills this process)
            }
        }
    }
}
