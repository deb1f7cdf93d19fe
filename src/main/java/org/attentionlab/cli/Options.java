package org.attentionlab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parsed {@code --name value} / {@code --name=value} / {@code --flag} options and positional words.
 *
 * <p>Commands read options through the typed getters, which raise {@link UsageException} with the
 * option's name on a bad value; {@link #finish()} then rejects any option nobody read, so a typo is
 * reported instead of silently ignored.
 */
public final class Options {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();
    private final Set<String> read = new HashSet<>();

    private Options() {
    }

    public static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--") && a.length() > 2) {
                String name = a.substring(2);
                String value;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    value = args[++i];
                } else {
                    value = null; // a flag
                }
                if (o.values.containsKey(name)) {
                    throw new UsageException("option --" + name + " given twice");
                }
                o.values.put(name, value);
            } else {
                o.positional.add(a);
            }
        }
        return o;
    }

    public boolean flag(String name) {
        read.add(name);
        if (!values.containsKey(name)) {
            return false;
        }
        if (values.get(name) != null) {
            throw new UsageException("option --" + name + " takes no value, got '" + values.get(name) + "'");
        }
        return true;
    }

    public String string(String name, String fallback) {
        read.add(name);
        if (!values.containsKey(name)) {
            return fallback;
        }
        String v = values.get(name);
        if (v == null) {
            throw new UsageException("option --" + name + " needs a value");
        }
        return v;
    }

    public String required(String name) {
        String v = string(name, null);
        if (v == null) {
            throw new UsageException("missing required option --" + name);
        }
        return v;
    }

    public int integer(String name, int fallback) {
        String v = string(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " needs an integer, got '" + v + "'");
        }
    }

    public double decimal(String name, double fallback) {
        String v = string(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " needs a number, got '" + v + "'");
        }
    }

    /** A comma-separated list of integers, e.g. {@code --src 5,9,2,7}. */
    public int[] integers(String name) {
        String v = required(name);
        String[] parts = v.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new UsageException("option --" + name + " needs comma-separated integers, got '" + v + "'");
            }
        }
        return out;
    }

    /** A path that must exist as a regular file. */
    public Path existingFile(String name) {
        Path p = Path.of(required(name));
        if (Files.isDirectory(p)) {
            throw new UsageException("option --" + name + ": " + p + " is a directory, not a file");
        }
        if (!Files.isRegularFile(p)) {
            throw new UsageException("option --" + name + ": no such file: " + p);
        }
        return p;
    }

    public List<String> positional() {
        return positional;
    }

    /** Fails on options that no getter asked for, and on positional words if none are expected. */
    public void finish(boolean positionalAllowed) {
        for (String name : values.keySet()) {
            if (!read.contains(name)) {
                throw new UsageException("unknown option --" + name);
            }
        }
        if (!positionalAllowed && !positional.isEmpty()) {
            throw new UsageException("unexpected argument '" + positional.get(0) + "'");
        }
    }
}
