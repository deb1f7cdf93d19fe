package org.attentionlab.speech;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.attentionlab.data.DataUnavailableException;
import org.attentionlab.data.DebianBundle;

/**
 * The espeak-ng speech synthesizer, run as a program: one call a word, its WAV read from stdout.
 *
 * <p>Where it comes from ({@link #locate}): an {@code espeak-ng} on the {@code PATH} (Debian's
 * package, or conda-forge's on Binder); else a copy of Debian's packages unpacked into the cache
 * without root ({@link #BUNDLE}: the program, its library, its data and the two small libraries it
 * links, libpcaudio and libsonic), run with {@code LD_LIBRARY_PATH} and {@code --path} pointing into
 * the cache. libpcaudio itself links ALSA and PulseAudio's client libraries (libasound2, libpulse0),
 * present on most systems; where they are not, starting it fails with a message naming them.
 *
 * <p>Why a program and not a library binding: espeak-ng's command line is stable across versions and
 * platforms, a call costs about 20 ms, and the same words with the same settings give the same
 * samples bit for bit. A different espeak-ng build may speak differently, so {@link #cacheKey()}
 * holds the version and a fingerprint of one fixed utterance: cached audio of another build is
 * never mixed in.
 */
public final class EspeakNg {
    /** Debian's packages, unpacked together into the cache when espeak-ng is not installed. */
    public static final DebianBundle BUNDLE = new DebianBundle("espeak-ng",
            List.of("espeak-ng", "espeak-ng-data", "libespeak-ng1", "libpcaudio0", "libsonic0"),
            "espeak-ng (the speech synthesizer of the speech task)");
    /** Words a minute espeak-ng speaks at by default; it accepts 80 to 450. */
    public static final int DEFAULT_RATE = 175;
    /** Pitch espeak-ng uses by default; it accepts 0 to 99. */
    public static final int DEFAULT_PITCH = 50;

    private static final long CALL_TIMEOUT_SECONDS = 60;
    private static final Pattern VERSION = Pattern.compile("text-to-speech: (\\S+)");
    private static final Pattern MISSING_LIBRARY = Pattern.compile("error while loading shared libraries: ([^:]+):");
    private static final Map<String, String> LIBRARY_PACKAGES = Map.of("libasound.so.2", "libasound2",
            "libpulse.so.0", "libpulse0", "libpulse-simple.so.0", "libpulse0");

    private final Path executable;
    private final Path libraryDir;
    private final String origin;
    private final String version;
    private volatile String fingerprint;

    private EspeakNg(Path executable, Path libraryDir, String origin) {
        this.executable = executable;
        this.libraryDir = libraryDir;
        this.origin = origin;
        this.version = probeVersion();
    }

    /**
     * The espeak-ng on the {@code PATH}, else the one unpacked in {@code cacheDir}, else one fetched
     * there now with {@code apt-get download} (see the class comment).
     *
     * @throws DataUnavailableException when none can be had, naming the package and what to install
     */
    public static EspeakNg locate(Path cacheDir) {
        return locate(cacheDir, pathDirectories(), "apt-get", "dpkg-deb");
    }

    /** As {@link #locate(Path)} with the search path and the tools replaceable, for tests. */
    static EspeakNg locate(Path cacheDir, List<Path> searchPath, String aptGet, String dpkgDeb) {
        EspeakNg installed = onPath(searchPath);
        if (installed != null) {
            return installed;
        }
        Path root;
        try {
            root = fetchBundle(cacheDir, aptGet, dpkgDeb);
        } catch (DataUnavailableException e) {
            throw new DataUnavailableException("espeak-ng is not installed (not on the PATH) and could not be fetched. "
                    + e.getMessage() + " On Binder or with conda: conda install -c conda-forge espeak-ng.", e);
        }
        return fromBundle(root);
    }

    /** An espeak-ng on the {@code PATH}, or null when there is none (nothing is fetched). */
    public static EspeakNg installed() {
        return onPath(pathDirectories());
    }

    private static EspeakNg onPath(List<Path> searchPath) {
        for (Path dir : searchPath) {
            Path candidate = dir.resolve("espeak-ng");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return new EspeakNg(candidate, null, "installed at " + candidate);
            }
        }
        return null;
    }

    private static Path fetchBundle(Path cacheDir, String aptGet, String dpkgDeb) {
        return BUNDLE.fetch(cacheDir, aptGet, dpkgDeb);
    }

    /** The espeak-ng of Debian's packages unpacked under {@code root} (which holds {@code usr/}). */
    public static EspeakNg fromBundle(Path root) {
        Path exe = root.resolve("usr/bin/espeak-ng");
        Path libDir;
        try (Stream<Path> found = Files.exists(root.resolve("usr/lib"))
                ? Files.find(root.resolve("usr/lib"), 2, (p, a) -> p.getFileName().toString().equals("libespeak-ng.so.1"))
                : Stream.empty()) {
            libDir = found.map(Path::getParent).findFirst().orElse(null);
        } catch (IOException e) {
            libDir = null;
        }
        if (!Files.isExecutable(exe) || libDir == null || !Files.isRegularFile(libDir.resolve("espeak-ng-data/phontab"))) {
            throw new DataUnavailableException("the espeak-ng unpacked in " + root + " is incomplete (no usr/bin/espeak-ng, "
                    + "libespeak-ng.so.1 or espeak-ng-data/phontab); delete " + root.getParent() + " to fetch it again, "
                    + "or install espeak-ng (sudo apt-get install espeak-ng)");
        }
        return new EspeakNg(exe, libDir, "unpacked from Debian's packages in " + root);
    }

    /** Where this espeak-ng is: installed at a path, or unpacked in the cache. */
    public String origin() {
        return origin;
    }

    /** The version it reports, e.g. {@code 1.51}. */
    public String version() {
        return version;
    }

    /**
     * The first 12 hex digits of the SHA-256 of one fixed utterance ("attention is all you need",
     * voice en-us, default rate and pitch), as 16-bit WAV bytes: two builds with the same
     * fingerprint spoke that alike, bit for bit.
     */
    public String fingerprint() {
        if (fingerprint == null) {
            Waveform w = speak("attention is all you need", "en-us", DEFAULT_RATE, DEFAULT_PITCH);
            try {
                fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(WavFile.encode(w)))
                        .substring(0, 12);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("this JVM lacks SHA-256", e);
            }
        }
        return fingerprint;
    }

    /** {@code espeak-ng-VERSION-FINGERPRINT}: the folder name of audio this build made. */
    public String cacheKey() {
        return "espeak-ng-" + version.replaceAll("[^A-Za-z0-9.+-]", "_") + "-" + fingerprint();
    }

    /**
     * Speaks {@code text} and returns what espeak-ng writes (mono, 16-bit, 22,050 Hz for its own voices).
     *
     * @param voice a voice name with an optional variant, e.g. {@code en-us}, {@code en-gb-x-rp+f2}
     * @param rate  words a minute, 80 to 450
     * @param pitch 0 to 99
     * @throws IllegalArgumentException for an unknown voice or values out of range
     */
    public Waveform speak(String text, String voice, int rate, int pitch) {
        if (text == null || text.isBlank() || text.length() > 1000 || text.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("text to speak must be 1-1000 characters without control characters, got '"
                    + text + "'");
        }
        if (!voice.matches("[A-Za-z0-9_-]+(\\+[A-Za-z0-9_-]+)?")) {
            throw new IllegalArgumentException("not an espeak-ng voice name: '" + voice + "' (e.g. en-us, en-gb-x-rp+f2)");
        }
        if (rate < 80 || rate > 450 || pitch < 0 || pitch > 99) {
            throw new IllegalArgumentException("espeak-ng needs a rate of 80-450 words a minute and a pitch of 0-99, got "
                    + rate + " and " + pitch);
        }
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        if (libraryDir != null) {
            command.add("--path=" + libraryDir);
        }
        command.addAll(List.of("-v", voice, "-s", Integer.toString(rate), "-p", Integer.toString(pitch), "--stdout",
                "--stdin"));
        Result r = run(command, text);
        if (r.exit != 0 || r.stdout.length == 0) {
            if (r.stderr.contains("voice does not exist")) {
                throw new IllegalArgumentException("espeak-ng has no voice '" + voice + "' (list them with espeak-ng --voices=en)");
            }
            throw new IllegalStateException("espeak-ng (" + origin + ") failed on '" + text + "' with voice " + voice
                    + ": exit code " + r.exit + (r.stderr.isBlank() ? "" : ": " + r.stderr.strip()));
        }
        try {
            return WavFile.decode(r.stdout, "espeak-ng's output for '" + text + "'");
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private String probeVersion() {
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        if (libraryDir != null) {
            command.add("--path=" + libraryDir);
        }
        command.add("--version");
        Result r = run(command, null);
        Matcher missing = MISSING_LIBRARY.matcher(r.stderr);
        if (missing.find()) {
            String lib = missing.group(1).strip();
            String pkg = LIBRARY_PACKAGES.get(lib);
            throw new DataUnavailableException("espeak-ng (" + origin + ") cannot start: the shared library " + lib
                    + " is missing" + (pkg == null ? "" : " (Debian package " + pkg + ")") + ". Install espeak-ng with its "
                    + "dependencies (sudo apt-get install espeak-ng)" + (pkg == null ? "" : " or just " + pkg) + ".");
        }
        Matcher m = VERSION.matcher(r.stdoutText());
        if (r.exit != 0 || !m.find()) {
            throw new DataUnavailableException("espeak-ng (" + origin + ") does not run: '--version' gave exit code "
                    + r.exit + " and '" + (r.stdoutText() + r.stderr).strip() + "'. Install espeak-ng (sudo apt-get install "
                    + "espeak-ng, or conda install -c conda-forge espeak-ng).");
        }
        return m.group(1);
    }

    private record Result(int exit, byte[] stdout, String stderr) {
        String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    private Result run(List<String> command, String stdin) {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (libraryDir != null) {
            String old = System.getenv("LD_LIBRARY_PATH");
            pb.environment().put("LD_LIBRARY_PATH", libraryDir + (old == null || old.isEmpty() ? "" : ":" + old));
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new DataUnavailableException("espeak-ng (" + origin + ") could not be started: " + e.getMessage(), e);
        }
        // Both outputs are read on threads of their own, so that neither pipe can fill up and block
        // the program, and the timeout below holds even if it never closes them.
        CompletableFuture<byte[]> out = drain(p.getInputStream(), "espeak-ng-stdout");
        CompletableFuture<byte[]> err = drain(p.getErrorStream(), "espeak-ng-stderr");
        try {
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // It stopped reading (an unknown voice exits at once): its exit code and stderr say why.
            }
            if (!p.waitFor(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("espeak-ng gave no answer within " + CALL_TIMEOUT_SECONDS + " s: " + command);
            }
            return new Result(p.exitValue(), out.join(), new String(err.join(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("interrupted while espeak-ng was speaking", e);
        }
    }

    private static CompletableFuture<byte[]> drain(InputStream stream, String name) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Thread t = new Thread(() -> result.complete(readAll(stream)), name);
        t.setDaemon(true);
        t.start();
        return result;
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static List<Path> pathDirectories() {
        String path = System.getenv("PATH");
        List<Path> dirs = new ArrayList<>();
        if (path != null) {
            for (String d : path.split(java.io.File.pathSeparator)) {
                if (!d.isEmpty()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        return dirs;
    }

    @Override
    public String toString() {
        return "espeak-ng " + version + " (" + origin + ")";
    }
}
