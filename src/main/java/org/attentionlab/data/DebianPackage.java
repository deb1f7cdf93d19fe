package org.attentionlab.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * One data file inside a Debian package, fetched at run time into a cache.
 *
 * <p>Why Debian packages: they are the data sources reachable here, and {@code apt-get download}
 * plus {@code dpkg-deb -x} fetch and unpack one without root. The file is looked for, in order:
 * <ol>
 *   <li>in the cache, {@code CACHE/debian/PACKAGE/FILE}, with its SHA-256 in {@code FILE.sha256}
 *       written when it was fetched; a file whose checksum no longer matches (a broken download,
 *       a disk error) is fetched again. A file put there by hand, without the {@code .sha256},
 *       is used as it is;</li>
 *   <li>where the installed package puts it ({@code /usr/share/...}), when the package is installed;</li>
 *   <li>by {@code apt-get download PACKAGE} and {@code dpkg-deb -x} in a scratch folder of the cache.</li>
 * </ol>
 * Each failure names the package, the step and what to do. The caller verifies the content (a
 * count of parsed entries), since a newer package version may change the checksum legitimately.
 */
public final class DebianPackage {
    private final String packageName;
    private final String pathInPackage;
    private final String purpose;

    /**
     * @param packageName   the Debian package, e.g. {@code festlex-cmu}
     * @param pathInPackage the absolute path the package installs the file at
     * @param purpose       what the data is for, shown in error messages (e.g. "the g2p task")
     */
    public DebianPackage(String packageName, String pathInPackage, String purpose) {
        if (!pathInPackage.startsWith("/")) {
            throw new IllegalArgumentException("pathInPackage must be absolute, got " + pathInPackage);
        }
        this.packageName = packageName;
        this.pathInPackage = pathInPackage;
        this.purpose = purpose;
    }

    public String packageName() {
        return packageName;
    }

    /** Where the file is cached under {@code cacheDir}. */
    public Path cachedFile(Path cacheDir) {
        return cacheDir.resolve("debian").resolve(packageName).resolve(Path.of(pathInPackage).getFileName());
    }

    /** The file, from the cache, the installed package, or a fresh download (see the class comment). */
    public Path fetch(Path cacheDir) {
        return fetch(cacheDir, "apt-get", "dpkg-deb", Path.of("/"));
    }

    /** As {@link #fetch(Path)} with the tools and the root of installed files replaceable, for tests. */
    Path fetch(Path cacheDir, String aptGet, String dpkgDeb, Path systemRoot) {
        Path target = cachedFile(cacheDir);
        Path sum = target.resolveSibling(target.getFileName() + ".sha256");
        if (Files.isRegularFile(target)) {
            if (!Files.exists(sum)) {
                return target;
            }
            try {
                if (Files.readString(sum, StandardCharsets.US_ASCII).strip().equals(sha256(target))) {
                    return target;
                }
            } catch (IOException e) {
                // unreadable cache entry: fetch again below
            }
        }
        Path installed = systemRoot.resolve(pathInPackage.substring(1));
        if (Files.isRegularFile(installed)) {
            return installed;
        }
        Path work;
        try {
            Files.createDirectories(target.getParent());
            work = Files.createTempDirectory(target.getParent(), "fetch-");
        } catch (IOException e) {
            throw fail("create the cache folder " + target.getParent(), e.toString(),
                    "make the cache folder writable or choose another with ATTENTION_LAB_CACHE / --cache-dir");
        }
        try {
            run(List.of(aptGet, "download", packageName), work,
                    "check network access to the Debian mirror (apt-get update) and that the package exists "
                            + "(apt-cache policy " + packageName + ")");
            List<Path> debs = AptSteps.debs(work);
            Path deb = debs.isEmpty() ? null : debs.get(0);
            if (deb == null) {
                throw fail("apt-get download " + packageName, "no .deb file appeared in " + work, "run it by hand to see why");
            }
            Path root = work.resolve("root");
            run(List.of(dpkgDeb, "-x", deb.toString(), root.toString()), work, "install dpkg (it provides dpkg-deb)");
            Path extracted = root.resolve(pathInPackage.substring(1));
            if (!Files.isRegularFile(extracted)) {
                throw fail("dpkg-deb -x " + deb.getFileName(), "the package has no file " + pathInPackage,
                        "the package layout changed; install it and point the cache at the file by hand");
            }
            Path partial = target.resolveSibling(target.getFileName() + ".partial");
            Files.copy(extracted, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(sum, sha256(target) + "\n", StandardCharsets.US_ASCII);
            return target;
        } catch (IOException e) {
            throw fail("copy the unpacked file into " + target.getParent(), e.toString(), "check disk space and permissions");
        } finally {
            AptSteps.deleteTree(work);
        }
    }

    private void run(List<String> command, Path dir, String advice) {
        AptSteps.run(command, dir, advice, this::fail);
    }

    private DataUnavailableException fail(String step, String what, String advice) {
        return new DataUnavailableException("cannot get " + purpose + " from the Debian package " + packageName
                + ": step '" + step + "' failed: " + what + ". To fix: " + advice
                + "; or install the package (sudo apt-get install " + packageName + ", which provides "
                + pathInPackage + ").");
    }

    /** SHA-256 of a file as lower-case hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM lacks SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
