package org.attentionlab.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Several Debian packages unpacked together into one folder of the cache: a program with its
 * libraries and data (espeak-ng), used where it is not installed and root is not at hand.
 *
 * <p>{@code apt-get download} fetches the packages (their candidate versions) into a scratch
 * folder, {@code dpkg-deb -x} unpacks each into {@code CACHE/debian/NAME/root}, and the file
 * {@code CACHE/debian/NAME/packages.txt} (one {@code package version} a line) is written last: a
 * folder without it is an interrupted fetch and is fetched again. Nothing is installed and no
 * maintainer script runs, so the caller must point the program at its libraries and data
 * ({@code LD_LIBRARY_PATH} and the like). Dependencies are not resolved: the caller lists the
 * packages it needs and says in its own errors what else may be missing.
 */
public final class DebianBundle {
    private static final String MANIFEST = "packages.txt";

    private final String name;
    private final List<String> packages;
    private final String purpose;

    /**
     * @param name     the cache folder's name, e.g. {@code espeak-ng}
     * @param packages the Debian packages to unpack together
     * @param purpose  what they are for, shown in error messages
     */
    public DebianBundle(String name, List<String> packages, String purpose) {
        if (packages.isEmpty() || !name.matches("[a-z0-9][a-z0-9.+-]*")) {
            throw new IllegalArgumentException("a bundle needs a plain name and at least one package, got '" + name
                    + "' with " + packages);
        }
        this.name = name;
        this.packages = List.copyOf(packages);
        this.purpose = purpose;
    }

    public List<String> packages() {
        return packages;
    }

    /** The folder the packages are unpacked into (it holds {@code usr/...}). */
    public Path root(Path cacheDir) {
        return cacheDir.resolve("debian").resolve(name).resolve("root");
    }

    /** Whether a complete unpacked copy is in the cache. */
    public boolean isCached(Path cacheDir) {
        return Files.isRegularFile(root(cacheDir).resolveSibling(MANIFEST)) && Files.isDirectory(root(cacheDir));
    }

    /** The {@code package version} lines of the cached copy (empty when there is none). */
    public List<String> versions(Path cacheDir) {
        Path manifest = root(cacheDir).resolveSibling(MANIFEST);
        try {
            return Files.isRegularFile(manifest)
                    ? Files.readAllLines(manifest, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList()
                    : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The unpacked root, from the cache or fetched now (see the class comment). */
    public Path fetch(Path cacheDir) {
        return fetch(cacheDir, "apt-get", "dpkg-deb");
    }

    /** As {@link #fetch(Path)} with the tools ({@code apt-get}, {@code dpkg-deb}) replaceable, for tests. */
    public Path fetch(Path cacheDir, String aptGet, String dpkgDeb) {
        Path root = root(cacheDir);
        Path folder = root.getParent();
        if (isCached(cacheDir)) {
            return root;
        }
        Path work;
        try {
            Files.createDirectories(folder);
            work = Files.createTempDirectory(folder, "fetch-");
        } catch (IOException e) {
            throw fail("create the cache folder " + folder, e.toString(),
                    "make the cache folder writable or choose another with ATTENTION_LAB_CACHE");
        }
        try {
            List<String> download = new ArrayList<>(List.of(aptGet, "download"));
            download.addAll(packages);
            AptSteps.run(download, work, "check network access to the Debian mirror (apt-get update) and that the "
                    + "packages exist (apt-cache policy " + String.join(" ", packages) + ")", this::fail);
            List<Path> debs = AptSteps.debs(work);
            if (debs.size() != packages.size()) {
                throw fail("apt-get download " + String.join(" ", packages), "expected " + packages.size()
                        + " .deb files in " + work + ", found " + debs.size(), "run it by hand to see why");
            }
            Path unpacked = work.resolve("root");
            List<String> manifest = new ArrayList<>();
            for (Path deb : debs) {
                AptSteps.run(List.of(dpkgDeb, "-x", deb.toString(), unpacked.toString()), work,
                        "install dpkg (it provides dpkg-deb)", this::fail);
                String fields = AptSteps.run(List.of(dpkgDeb, "-f", deb.toString(), "Package", "Version"), work,
                        "install dpkg (it provides dpkg-deb)", this::fail);
                manifest.add(fields.replaceAll("(?m)^(Package|Version): ", "").replace('\n', ' ').strip());
            }
            AptSteps.deleteTree(root); // an earlier, interrupted fetch
            Files.move(unpacked, root);
            Path partial = folder.resolve(MANIFEST + ".partial");
            Files.write(partial, manifest, StandardCharsets.UTF_8);
            Files.move(partial, folder.resolve(MANIFEST), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            return root;
        } catch (IOException e) {
            if (isCached(cacheDir)) {
                return root; // another process finished the same fetch first
            }
            throw fail("move the unpacked packages into " + folder, e.toString(), "check disk space and permissions");
        } finally {
            AptSteps.deleteTree(work);
        }
    }

    private DataUnavailableException fail(String step, String what, String advice) {
        return new DataUnavailableException("cannot get " + purpose + " from the Debian packages "
                + String.join(", ", packages) + ": step '" + step + "' failed: " + what + ". To fix: " + advice
                + "; or install it (sudo apt-get install " + packages.get(0) + ").");
    }
}
