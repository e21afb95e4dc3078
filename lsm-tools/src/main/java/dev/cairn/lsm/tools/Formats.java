// Parsing of the small option values the commands share (--format). Stateless.
package dev.cairn.lsm.tools;

import java.util.Locale;

/** Option value parsing. */
final class Formats {
    private Formats() {
    }

    /** @throws ToolException (usage) for a format that is not jsonl or csv */
    static DumpFormat dumpFormat(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "jsonl", "json" -> DumpFormat.JSONL;
            case "csv" -> DumpFormat.CSV;
            default -> throw ToolException.usage("unknown --format \"" + name + "\": use jsonl or csv");
        };
    }

    /** @return the store path as Okio names it */
    static okio.Path okio(java.nio.file.Path p) {
        return okio.Path.get(p.toAbsolutePath().toString());
    }
}
