// Walks a benchmark command line: "--name value", "--name=value" and bare flags, and converts the
// values the harnesses share (positive counts, comma lists). Stateless; thread-safe.
package dev.cairn.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The command-line walk and value checks shared by the harnesses' option parsers. */
public final class OptionScanner {
    /** Receives each option of a command line in order. */
    @FunctionalInterface
    public interface Visitor {
        /**
         * @param name the option's name as written ("--num", "-h")
         * @param value its value; null for a flag
         */
        void option(String name, String value);
    }

    private OptionScanner() {
    }

    /**
     * Calls {@code visitor} for each option of {@code argv}: a name in {@code flags} takes no
     * value, any other takes the next argument (or what follows its "=").
     *
     * @throws IllegalArgumentException when an option that takes a value ends the line
     */
    public static void scan(String[] argv, Set<String> flags, Visitor visitor) {
        for (int i = 0; i < argv.length; i++) {
            String name = argv[i];
            String value = null;
            int eq = name.indexOf('=');
            if (name.startsWith("--") && eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name)) {
                visitor.option(name, null);
                continue;
            }
            if (value == null) {
                if (i + 1 >= argv.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                value = argv[++i];
            }
            visitor.option(name, value);
        }
    }

    /**
     * @return {@code value} as a count of at least 1 (underscores allowed: 1_000_000)
     * @throws IllegalArgumentException naming {@code name} when it is not one
     */
    public static long positive(String name, String value) {
        long v;
        try {
            v = Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " needs a number, was '" + value + "'");
        }
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + v);
        }
        return v;
    }

    /** @return the comma-separated items of {@code value}, trimmed, lower-cased, empties dropped */
    public static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList();
    }
}
