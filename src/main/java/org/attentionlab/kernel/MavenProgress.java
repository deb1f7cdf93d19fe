package org.attentionlab.kernel;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.aether.AbstractRepositoryListener;
import org.eclipse.aether.RepositoryEvent;
import org.eclipse.aether.RepositoryListener;
import org.eclipse.aether.transfer.TransferEvent;
import org.eclipse.aether.transfer.TransferListener;
import org.eclipse.aether.transfer.TransferResource;

/**
 * What a {@code %maven} resolution is doing, as one line for a live display: artifacts resolved,
 * files downloaded and their bytes, and the download under way.
 *
 * <p>Why: a cold resolution takes seconds (11-13 s for a typical tutorial's dependencies) and
 * showed nothing until it ended. The line is only shown once something is downloaded: a resolution
 * served from the local repository stays silent, as in IJava. maven-resolver reports from its own
 * download threads, hence the locking; the display itself rate-limits redraws.
 */
final class MavenProgress implements TransferListener {
    private final Consumer<String> show;
    private final long startNanos = System.nanoTime();
    /** Downloads under way: resource name to {transferred, total (-1 if unknown)}. */
    private final Map<String, long[]> active = new LinkedHashMap<>();
    private int artifacts;
    private int downloads;
    private long bytes;
    private boolean shown;

    /** @param show receives the current line on every change, once a download has started */
    MavenProgress(Consumer<String> show) {
        this.show = show;
    }

    /** Counts resolved artifacts (jars and their POMs). */
    RepositoryListener artifactCounter() {
        return new AbstractRepositoryListener() {
            @Override
            public void artifactResolved(RepositoryEvent event) {
                synchronized (MavenProgress.this) {
                    artifacts++;
                }
                changed();
            }
        };
    }

    @Override
    public void transferInitiated(TransferEvent event) {
        if (event.getRequestType() != TransferEvent.RequestType.GET) {
            return;
        }
        synchronized (this) {
            active.put(event.getResource().getResourceName(), new long[] {0, event.getResource().getContentLength()});
            shown = true;
        }
        changed();
    }

    @Override
    public void transferStarted(TransferEvent event) {
        progressed(event);
    }

    @Override
    public void transferProgressed(TransferEvent event) {
        progressed(event);
    }

    private void progressed(TransferEvent event) {
        TransferResource r = event.getResource();
        synchronized (this) {
            long[] a = active.get(r.getResourceName());
            if (a == null) {
                return;
            }
            a[0] = event.getTransferredBytes();
            a[1] = r.getContentLength();
        }
        changed();
    }

    @Override
    public void transferSucceeded(TransferEvent event) {
        synchronized (this) {
            if (active.remove(event.getResource().getResourceName()) == null) {
                return;
            }
            downloads++;
            bytes += event.getTransferredBytes();
        }
        changed();
    }

    @Override
    public void transferCorrupted(TransferEvent event) {
        // maven-resolver retries or fails the transfer; its end is reported separately
    }

    @Override
    public void transferFailed(TransferEvent event) {
        synchronized (this) {
            if (active.remove(event.getResource().getResourceName()) == null) {
                return;
            }
        }
        changed(); // typically a checksum file the repository lacks
    }

    /** Whether the line was ever shown (something was downloaded). */
    synchronized boolean shown() {
        return shown;
    }

    /** The line now: e.g. {@code %maven: 12 artifacts, 5 files downloaded (1.8 MB); now pdfbox-3.0.1.jar (400 KB of 2.9 MB)}. */
    synchronized String line() {
        StringBuilder s = new StringBuilder("%maven: ").append(counts());
        if (!active.isEmpty()) {
            Map.Entry<String, long[]> now = active.entrySet().iterator().next();
            String name = now.getKey().substring(now.getKey().lastIndexOf('/') + 1);
            long[] a = now.getValue();
            s.append("; now ").append(name).append(" (").append(size(a[0]));
            if (a[1] > 0) {
                s.append(" of ").append(size(a[1]));
            }
            s.append(')');
            if (active.size() > 1) {
                s.append(" and ").append(active.size() - 1).append(" more");
            }
        }
        return s.toString();
    }

    /** The closing line: what was resolved and downloaded, and how long it took. */
    synchronized String summary() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return "%maven: " + counts() + " in " + String.format(Locale.ROOT, "%.1f s", seconds);
    }

    private String counts() {
        long inFlight = active.values().stream().mapToLong(a -> a[0]).sum();
        return artifacts + " artifact" + (artifacts == 1 ? "" : "s") + ", " + downloads + " file"
                + (downloads == 1 ? "" : "s") + " downloaded (" + size(bytes + inFlight) + ")";
    }

    private void changed() {
        String l;
        synchronized (this) {
            if (!shown) {
                return;
            }
            l = line();
        }
        show.accept(l);
    }

    /** Bytes as people read them: 900 B, 12.3 KB, 4.5 MB (powers of 1024). */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double kb = bytes / 1024.0;
        if (kb < 1024) {
            return String.format(Locale.ROOT, "%.1f KB", kb);
        }
        return String.format(Locale.ROOT, "%.1f MB", kb / 1024.0);
    }
}
