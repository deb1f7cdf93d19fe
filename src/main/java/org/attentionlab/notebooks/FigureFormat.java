package org.attentionlab.notebooks;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The small format language of figure blocks: a template whose {@code {name:format}} placeholders are
 * filled from one lesson's figures (see {@link FigureBlocks} for the formats).
 *
 * <p>Numbers are rounded in decimal (half up) from the JSON's own digits, not from a binary double,
 * so 0.125 with two decimals is 0.13 as a reader would round it, and the same file always gives the
 * same text on every JVM and locale.
 */
final class FigureFormat {
    private static final Pattern PLACEHOLDER = Pattern.compile("([a-z0-9_]+)(?::(int|[0-9]?%|[1-9]g|[0-9]f)?(±)?)?");
    private static final Pattern NAMES = Pattern.compile("(?<!\\{)\\{([a-z0-9_]+)[:}]");
    private static final int DEFAULT_DIGITS = 3;

    private FigureFormat() {
    }

    /**
     * The template with every placeholder replaced; <code>&#123;&#123;</code> and <code>&#125;&#125;</code>
     * stand for literal braces.
     *
     * @throws IllegalArgumentException naming the placeholder and what is wrong with it
     */
    static String render(String template, JsonObject figures) {
        StringBuilder out = new StringBuilder(template.length());
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if ((c == '{' || c == '}') && i + 1 < template.length() && template.charAt(i + 1) == c) {
                out.append(c);
                i += 2;
            } else if (c == '}') {
                throw new IllegalArgumentException("unmatched '}' (write }} for a literal brace)");
            } else if (c == '{') {
                int close = template.indexOf('}', i);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed '{' (write {{ for a literal brace)");
                }
                out.append(placeholder(template.substring(i + 1, close), figures));
                i = close + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** The figure names a template uses, in order (for error messages). */
    static List<String> names(String template) {
        List<String> names = new ArrayList<>();
        Matcher m = NAMES.matcher(template);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static String placeholder(String text, JsonObject figures) {
        Matcher m = PLACEHOLDER.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("{" + text + "}: not {name} or {name:FORMAT} with FORMAT one of "
                    + "%, N%, Ng, Nf, int (each optionally followed by ±), name [a-z0-9_]+");
        }
        String name = m.group(1);
        String format = m.group(2) == null ? DEFAULT_DIGITS + "g" : m.group(2);
        try {
            if (m.group(3) == null) {
                return format(single(name, figures), format, true);
            }
            return spread(seeds(name, figures), format);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("{" + text + "}: " + e.getMessage(), e);
        }
    }

    private static BigDecimal single(String name, JsonObject figures) {
        JsonElement e = figures.get(name);
        if (e == null) {
            throw new IllegalArgumentException("no figure '" + name + "'");
        }
        if (e.isJsonArray()) {
            throw new IllegalArgumentException("figure '" + name + "' is a list of seeds; write {"
                    + name.replaceFirst("_seeds$", "") + ":FORMAT±} for mean ± spread");
        }
        return number(name, e);
    }

    private static double[] seeds(String name, JsonObject figures) {
        String key = name + "_seeds";
        JsonElement e = figures.get(key);
        if (e == null || !e.isJsonArray()) {
            throw new IllegalArgumentException("no figure '" + key + "' (a list, one number a seed) for ±");
        }
        JsonArray a = e.getAsJsonArray();
        if (a.size() < 2) {
            throw new IllegalArgumentException("figure '" + key + "' has " + a.size()
                    + " seed(s); a spread needs at least 2");
        }
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = number(key, a.get(i)).doubleValue();
        }
        return v;
    }

    private static BigDecimal number(String name, JsonElement e) {
        try {
            if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
                return e.getAsBigDecimal();
            }
        } catch (NumberFormatException nonFinite) {
            // NaN or Infinity, which Gson reads leniently: reported below
        }
        throw new IllegalArgumentException("figure '" + name + "' is not a finite number: " + e);
    }

    /** Mean ± sample standard deviation (n − 1), both in the placeholder's format, and n. */
    private static String spread(double[] v, String format) {
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= v.length;
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        double sd = Math.sqrt(ss / (v.length - 1));
        return format(BigDecimal.valueOf(mean), format, true) + " ± " + format(BigDecimal.valueOf(sd), format, false)
                + " (" + v.length + " seeds)";
    }

    /** One number in one format; {@code unit} false leaves off the " %" (the spread after a mean). */
    static String format(BigDecimal v, String format, boolean unit) {
        if (format.equals("int")) {
            return String.format(Locale.ROOT, "%,d", v.setScale(0, RoundingMode.HALF_UP).toBigIntegerExact());
        }
        char kind = format.charAt(format.length() - 1);
        int digits = format.length() == 1 ? 1 : format.charAt(0) - '0';
        switch (kind) {
            case '%':
                return v.movePointRight(2).setScale(digits, RoundingMode.HALF_UP).toPlainString() + (unit ? " %" : "");
            case 'f':
                return v.setScale(digits, RoundingMode.HALF_UP).toPlainString();
            case 'g':
                return v.round(new MathContext(digits, RoundingMode.HALF_UP)).stripTrailingZeros().toPlainString();
            default:
                throw new IllegalArgumentException("unknown format '" + format + "'");
        }
    }
}
