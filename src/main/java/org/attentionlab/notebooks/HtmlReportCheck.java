package org.attentionlab.notebooks;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens HTML notebook reports in headless Chromium and checks that every image loaded and the
 * math was typeset. Published reports ({@code docs/reports/*.html}, written by
 * {@code attention-lab reports} through nbconvert's lab template) must show their figures and
 * equations offline in a browser; a report can look right as text and still show a broken image
 * or raw {@code $$...$$} when opened.
 *
 * <p>The browser gets no network: nbconvert's template loads MathJax 2 from cdnjs
 * ({@value #CDN_MATHJAX_PREFIX}{@code 2.7.7/latest.js?config=TeX-AMS_CHTML-full,Safe}), so those
 * requests are answered from Debian's {@code libjs-mathjax} (MathJax 2.7.9, the same major
 * version) through the DevTools protocol's {@code Fetch} domain; every other http(s) request is
 * failed at once and listed in {@link Result#blocked()}. {@code file:} and {@code data:} URLs load
 * as in any browser (Debian's nbconvert writes {@code file:///usr/share/javascript/mathjax/...}).
 *
 * <pre>{@code
 * try (HtmlReportCheck check = HtmlReportCheck.start()) {
 *     HtmlReportCheck.Result r = check.check(Path.of("docs/reports/01-attention.html"));
 *     if (!r.ok()) System.out.println(r.problems());
 * }
 * }</pre>
 */
public final class HtmlReportCheck implements AutoCloseable {
    /** Debian's Chromium (package {@code chromium}). */
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** Debian's MathJax 2 (package {@code libjs-mathjax}). */
    public static final Path MATHJAX = Path.of("/usr/share/javascript/mathjax");
    /** Where nbconvert's templates load MathJax 2 from, followed by a version directory. */
    public static final String CDN_MATHJAX_PREFIX = "https://cdnjs.cloudflare.com/ajax/libs/mathjax/";

    /** MathJax 2 on the CDNs nbconvert and others use: group 2 is the path inside the distribution. */
    private static final Pattern CDN_MATHJAX2 = Pattern.compile(
            "https?://(cdnjs\\.cloudflare\\.com/ajax/libs/mathjax/2[^/]*|cdn\\.jsdelivr\\.net/npm/mathjax@2[^/]*"
                    + "|unpkg\\.com/mathjax@2[^/]*)/([^?#]*)(?:[?#].*)?");
    private static final Pattern CDN_MATHJAX_OTHER = Pattern.compile(
            "https?://(cdnjs\\.cloudflare\\.com/ajax/libs/mathjax/|cdn\\.jsdelivr\\.net/npm/mathjax@|unpkg\\.com/mathjax@).*");

    /** How long after the load event a page's MathJax may still be missing before it counts as not loaded. */
    private static final Duration ABSENT_GRACE = Duration.ofSeconds(5);

    private final DevTools devTools;
    private final Path mathJax;
    private final Duration timeout;
    private final List<String> blocked = Collections.synchronizedList(new ArrayList<>());
    private final List<String> missing = Collections.synchronizedList(new ArrayList<>());
    private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();

    /**
     * One report's result. {@code mathTypeset} counts typeset formulas, {@code mathErrors} MathJax
     * error spans, {@code mathRaw} text pieces of rendered Markdown still holding TeX delimiters.
     */
    public record Result(Path file, int images, int imagesLoaded, int mathTypeset, int mathErrors, int mathRaw,
                         List<String> problems, List<String> blocked) {
        public boolean ok() {
            return problems.isEmpty();
        }

        @Override
        public String toString() {
            return file + ": " + imagesLoaded + "/" + images + " images loaded, " + mathTypeset + " formulas typeset, "
                    + mathErrors + " math errors, " + mathRaw + " raw" + (ok() ? "" : "; " + String.join("; ", problems));
        }
    }

    private HtmlReportCheck(DevTools devTools, Path mathJax, Duration timeout) {
        this.devTools = devTools;
        this.mathJax = mathJax;
        this.timeout = timeout;
    }

    /** Whether Debian's {@code chromium} and {@code libjs-mathjax} are installed. */
    public static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isRegularFile(MATHJAX.resolve("MathJax.js"));
    }

    /** Starts {@link #CHROMIUM} with MathJax from {@link #MATHJAX}, waiting up to 30 s per page. */
    public static HtmlReportCheck start() throws IOException {
        return start(CHROMIUM, MATHJAX, Duration.ofSeconds(30));
    }

    public static HtmlReportCheck start(Path chromium, Path mathJax, Duration timeout) throws IOException {
        DevTools devTools = DevTools.start(chromium);
        try {
            HtmlReportCheck check = new HtmlReportCheck(devTools, mathJax, timeout);
            devTools.on("Fetch.requestPaused", check::intercept);
            devTools.on("Page.loadEventFired", p -> check.loaded.complete(null));
            devTools.send("Page.enable", null);
            devTools.send("Runtime.enable", null);
            devTools.send("Fetch.enable", DevTools.params("patterns",
                    DevTools.array(DevTools.params("urlPattern", "*", "requestStage", "Request"))));
            return check;
        } catch (IOException | RuntimeException e) {
            devTools.close();
            throw e;
        }
    }

    /**
     * The local file of Debian's MathJax that answers a MathJax 2 CDN URL ({@code latest.js}, the
     * loader nbconvert names, is in {@code unpacked/}); empty for any other URL.
     */
    public static Optional<Path> localMathJax(String url, Path mathJaxRoot) {
        Matcher m = CDN_MATHJAX2.matcher(url);
        if (!m.matches()) {
            return Optional.empty();
        }
        String path = m.group(2);
        if (path.equals("latest.js")) {
            path = "unpacked/latest.js";
        }
        Path file = mathJaxRoot.resolve(path).normalize();
        return file.startsWith(mathJaxRoot) ? Optional.of(file) : Optional.empty();
    }

    private void intercept(JsonObject event) {
        String id = event.get("requestId").getAsString();
        String url = event.getAsJsonObject("request").get("url").getAsString();
        try {
            if (!url.startsWith("http:") && !url.startsWith("https:") && !url.startsWith("ws")) {
                devTools.sendAsync("Fetch.continueRequest", DevTools.params("requestId", id));
                return;
            }
            Optional<Path> local = localMathJax(url, mathJax);
            if (local.isPresent() && Files.isRegularFile(local.get())) {
                byte[] body = Files.readAllBytes(local.get());
                devTools.sendAsync("Fetch.fulfillRequest", DevTools.params("requestId", id, "responseCode", 200,
                        "responseHeaders", DevTools.array(
                                DevTools.params("name", "Content-Type", "value", contentType(local.get())),
                                DevTools.params("name", "Access-Control-Allow-Origin", "value", "*")),
                        "body", Base64.getEncoder().encodeToString(body)));
                return;
            }
            if (local.isPresent()) {
                missing.add(url + " (no " + local.get() + ")");
            } else if (CDN_MATHJAX_OTHER.matcher(url).matches()) {
                missing.add(url + " (not MathJax 2; " + mathJax + " holds MathJax 2 only)");
            } else {
                blocked.add(url);
            }
            devTools.sendAsync("Fetch.failRequest", DevTools.params("requestId", id, "errorReason", "BlockedByClient"));
        } catch (IOException | RuntimeException e) {
            missing.add(url + " (" + e + ")");
            devTools.sendAsync("Fetch.failRequest", DevTools.params("requestId", id, "errorReason", "Failed"));
        }
    }

    private static String contentType(Path file) {
        String name = file.getFileName().toString();
        String ext = name.substring(name.lastIndexOf('.') + 1);
        return switch (ext) {
            case "js" -> "application/javascript";
            case "css" -> "text/css";
            case "json" -> "application/json";
            case "woff" -> "font/woff";
            case "otf" -> "font/otf";
            case "svg" -> "image/svg+xml";
            default -> "application/octet-stream";
        };
    }

    /** Opens {@code html} and reports its images and math once MathJax is done (or the timeout passed). */
    public Result check(Path html) throws IOException {
        Path file = html.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new IOException("no such file: " + file);
        }
        blocked.clear();
        missing.clear();
        loaded = new CompletableFuture<>();
        List<String> problems = new ArrayList<>();
        JsonObject nav = devTools.send("Page.navigate", DevTools.params("url", file.toUri().toString()));
        if (nav.has("errorText")) {
            throw new IOException("could not open " + file + ": " + nav.get("errorText").getAsString());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            loaded.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            problems.add("the page did not finish loading within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String mathJaxProblem = waitForMathJax(deadline);
        if (mathJaxProblem != null) {
            problems.add(mathJaxProblem);
        }
        JsonObject m = JsonParser.parseString(devTools.evaluate(MEASURE).getAsString()).getAsJsonObject();
        int images = m.get("images").getAsInt();
        int imagesLoaded = m.get("imagesLoaded").getAsInt();
        for (JsonElement src : m.getAsJsonArray("broken")) {
            problems.add("image not loaded: " + src.getAsString());
        }
        int typeset = m.get("typeset").getAsInt();
        int errors = m.get("errors").getAsInt();
        int raw = m.get("raw").getAsInt();
        if (errors > 0) {
            problems.add(errors + " MathJax error(s): " + m.get("errorText").getAsString());
        }
        for (JsonElement s : m.getAsJsonArray("rawText")) {
            problems.add("math not typeset: " + s.getAsString());
        }
        for (JsonElement f : m.getAsJsonArray("fonts")) {
            problems.add("font not loaded: " + f.getAsString());
        }
        String message = m.get("message").getAsString();
        if (!message.isBlank()) {
            problems.add("MathJax says: " + message);
        }
        synchronized (missing) {
            for (String s : missing) {
                problems.add("MathJax file not available offline: " + s);
            }
        }
        List<String> blockedNow;
        synchronized (blocked) {
            blockedNow = List.copyOf(blocked);
        }
        return new Result(file, images, imagesLoaded, typeset, errors, raw, List.copyOf(problems), blockedNow);
    }

    /** Checks each file in turn. */
    public List<Result> checkAll(List<Path> files) throws IOException {
        List<Result> results = new ArrayList<>();
        for (Path f : files) {
            results.add(check(f));
        }
        return results;
    }

    /**
     * Waits until MathJax (2 or 3) has finished its queue and the count of typeset formulas held
     * still for two polls; a page without MathJax returns at once. Null when done, else the problem.
     */
    private String waitForMathJax(long deadline) throws IOException {
        String last = null;
        long absentSince = -1;
        while (System.nanoTime() < deadline) {
            String state = devTools.evaluate(STATE).getAsString();
            if (state.equals("none")) {
                return null;
            }
            if (state.equals("absent")) {
                // Its script failed or was blocked: by the load event, a loading script would have run.
                absentSince = absentSince < 0 ? System.nanoTime() : absentSince;
                if (System.nanoTime() - absentSince > ABSENT_GRACE.toNanos()) {
                    return "MathJax did not load (the page has a MathJax script or config, but no window.MathJax "
                            + ABSENT_GRACE.toSeconds() + " s after loading)";
                }
            }
            if (state.startsWith("done:") && state.equals(last)) {
                return null;
            }
            last = state;
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        return "MathJax did not finish within " + timeout.toSeconds() + " s";
    }

    /**
     * "none" (no MathJax expected: no MathJax script or config), "absent" (expected, not loaded),
     * "busy", or "done:N" with N typeset formulas.
     */
    private static final String STATE = """
            (async () => {
              const mj = window.MathJax;
              const expects = !!document.querySelector('script[type="text/x-mathjax-config"]')
                  || Array.from(document.scripts).some(s => /mathjax/i.test(s.src));
              if (!mj) return expects ? 'absent' : 'none';
              if (mj.Hub) {
                if (!mj.isReady || mj.Hub.queue.pending || mj.Hub.queue.running) return 'busy';
                return 'done:' + mj.Hub.getAllJax().length;
              }
              if (mj.startup && mj.startup.promise) {
                const done = await Promise.race([mj.startup.promise.then(() => true, () => true),
                    new Promise(r => setTimeout(() => r(false), 200))]);
                return done ? 'done:' + document.querySelectorAll('mjx-container').length : 'busy';
              }
              return 'busy';
            })()""";

    /** Images, typeset formulas, MathJax errors and TeX left in rendered Markdown, as JSON. */
    private static final String MEASURE = """
            (() => {
              const imgs = Array.from(document.images);
              const ok = imgs.filter(i => i.complete && i.naturalWidth > 0);
              const broken = imgs.filter(i => !(i.complete && i.naturalWidth > 0))
                  .map(i => { const s = i.getAttribute('src') || '(no src)'; return s.length > 100 ? s.slice(0, 100) + '...' : s; });
              // One frame per formula: MathJax 2's output jax (CommonHTML, HTML-CSS, SVG) or MathJax 3's container.
              const frames = Array.from(document.querySelectorAll('[id^="MathJax-Element-"][id$="-Frame"], mjx-container'));
              // TeX errors (noErrors shows the source in .mjx-noError) and undefined macros (noUndefined: red \\name).
              const bad = frames.filter(f => f.querySelector('.mjx-noError, .noError, .mjx-merror, .merror, mjx-merror, [data-mjx-error]')
                  || Array.from(f.querySelectorAll('[style*="color: red"]')).some(e => e.textContent.trim().startsWith('\\\\')));
              const errs = bad.concat(Array.from(document.querySelectorAll('.MathJax_Error')));
              const source = e => { const s = e.id && document.getElementById(e.id.replace(/-Frame$/, ''));
                  return (s && s.tagName === 'SCRIPT' ? s.textContent : e.textContent).trim().slice(0, 80); };
              const errorText = errs.slice(0, 3).map(source).join(' | ');
              const typeset = frames.length;
              const roots = document.querySelectorAll('.jp-RenderedMarkdown, .rendered_html, .text_cell_render');
              const scopes = roots.length ? Array.from(roots) : [document.body];
              const tex = /\\$\\$|\\\\\\(|\\\\\\[|\\\\begin\\{|\\$[^$\\n]*[\\\\^_{}][^$\\n]*\\$/;
              const skip = /^(SCRIPT|STYLE|TEXTAREA|CODE|PRE|NOSCRIPT)$/;
              const rawText = [];
              let raw = 0;
              for (const scope of scopes) {
                const walk = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
                for (let n = walk.nextNode(); n; n = walk.nextNode()) {
                  let p = n.parentElement, skipped = false;
                  for (; p && p !== scope.parentElement; p = p.parentElement) {
                    if (skip.test(p.tagName) || /MathJax|mjx/i.test(p.className || '') || /^MJX/.test(p.tagName)) { skipped = true; break; }
                  }
                  if (!skipped && tex.test(n.textContent)) {
                    raw++;
                    if (rawText.length < 5) rawText.push(n.textContent.trim().replace(/\\s+/g, ' ').slice(0, 80));
                  }
                }
              }
              const msgEl = document.getElementById('MathJax_Message');
              const shown = msgEl && msgEl.style.display !== 'none' ? msgEl.textContent.trim() : '';
              const msg = /fail|error|time/i.test(shown) ? shown : '';
              const fonts = Array.from(document.fonts || []).filter(f => f.status === 'error').map(f => f.family);
              return JSON.stringify({images: imgs.length, imagesLoaded: ok.length, broken, typeset, fonts,
                  errors: errs.length, errorText, raw, rawText, message: msg});
            })()""";

    @Override
    public void close() {
        devTools.close();
    }

    /** Checks the given HTML files; prints one line each and exits 1 if any has a problem. */
    public static void main(String... args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: HtmlReportCheck REPORT.html...");
            System.exit(2);
        }
        boolean ok = true;
        try (HtmlReportCheck check = start()) {
            for (String a : args) {
                Result r = check.check(Path.of(a));
                System.out.println((r.ok() ? "ok   " : "FAIL ") + r);
                r.blocked().forEach(b -> System.out.println("     blocked: " + b));
                ok &= r.ok();
            }
        }
        System.exit(ok ? 0 : 1);
    }
}
