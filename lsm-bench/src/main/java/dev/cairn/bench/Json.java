// Writes bench.json: an array of flat objects with string, number and null values. Stateless.
package dev.cairn.bench;

import java.util.List;
import java.util.Map;

/** Minimal JSON writer for flat records. */
final class Json {
    private Json() {
    }

    static String array(List<Map<String, Object>> rows) {
        StringBuilder sb = new StringBuilder("[\n");
        for (int i = 0; i < rows.size(); i++) {
            sb.append("  {");
            boolean first = true;
            for (Map.Entry<String, Object> e : rows.get(i).entrySet()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                sb.append(string(e.getKey())).append(": ").append(value(e.getValue()));
            }
            sb.append(i + 1 < rows.size() ? "},\n" : "}\n");
        }
        return sb.append("]\n").toString();
    }

    private static String value(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? "null" : String.valueOf(Math.round(d * 1000) / 1000.0);
        }
        if (v instanceof Number || v instanceof Boolean) {
            return String.valueOf(v);
        }
        return string(String.valueOf(v));
    }

    private static String string(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
