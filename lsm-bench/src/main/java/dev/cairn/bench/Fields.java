// The line format the forked store JVM uses to hand results to the parent: one record per
// line, tab-separated name=value pairs, tabs and newlines in values replaced by spaces.
// Stateless, thread-safe.
package dev.cairn.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** Encodes and decodes one record of name=value fields per line. */
final class Fields {
    private Fields() {
    }

    static String encode(Map<String, ?> fields) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append('\t');
            }
            sb.append(e.getKey()).append('=').append(String.valueOf(e.getValue()).replaceAll("[\t\r\n]", " "));
        }
        return sb.toString();
    }

    static Map<String, String> decode(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : line.split("\t")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return fields;
    }
}
