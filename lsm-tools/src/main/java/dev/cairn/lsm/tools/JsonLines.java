// JSON Lines for dump and load: one {"key": ..., "value": ...} object per line, strings spelled
// in the chosen ByteFormat, written through Gson's JsonWriter and read back through its strict
// JsonReader. A line that is not one JSON object with string fields "key" and "value" is a
// BadRecord naming the line. Blank lines are skipped. Not thread-safe.
package dev.cairn.lsm.tools;

import com.google.gson.FormattingStyle;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import com.google.gson.stream.MalformedJsonException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;

/** The JSON Lines dump format. */
final class JsonLines {
    private JsonLines() {
    }

    /** Writes one object per line. */
    static final class Writer implements DumpFormat.EntryWriter {
        private final java.io.Writer out;
        private final JsonWriter json;
        private final ByteFormat bytes;

        Writer(java.io.Writer out, ByteFormat bytes) {
            this.out = out;
            this.bytes = bytes;
            this.json = new JsonWriter(out);
            json.setFormattingStyle(FormattingStyle.COMPACT.withSpaceAfterSeparators(true));
            json.setHtmlSafe(false);
            // one top-level object per line: a stream of documents
            json.setStrictness(Strictness.LENIENT);
        }

        @Override
        public void write(byte[] key, byte[] value) throws IOException {
            json.beginObject();
            json.name("key").value(bytes.encode(key, "key"));
            json.name("value").value(bytes.encode(value, "value"));
            json.endObject();
            out.write('\n');
        }
    }

    /** Reads one object per line. */
    static final class Reader implements DumpFormat.EntryReader {
        private final BufferedReader in;
        private final ByteFormat bytes;
        private long line;
        private long chars;

        Reader(BufferedReader in, ByteFormat bytes) {
            this.in = in;
            this.bytes = bytes;
        }

        @Override
        public DumpFormat.Entry next() throws IOException {
            String text;
            do {
                text = in.readLine();
                if (text == null) {
                    return null;
                }
                line++;
                chars += text.length() + 1;
            } while (text.isBlank());
            return parse(text);
        }

        @Override
        public long charsRead() {
            return chars;
        }

        private DumpFormat.Entry parse(String text) throws DumpFormat.BadRecord {
            String key = null;
            String value = null;
            try (JsonReader r = new JsonReader(new StringReader(text))) {
                r.setStrictness(Strictness.STRICT);
                if (r.peek() != JsonToken.BEGIN_OBJECT) {
                    throw new DumpFormat.BadRecord(line, "not a JSON object");
                }
                r.beginObject();
                while (r.hasNext()) {
                    String name = r.nextName();
                    if (!name.equals("key") && !name.equals("value")) {
                        r.skipValue();
                        continue;
                    }
                    if (r.peek() != JsonToken.STRING) {
                        throw new DumpFormat.BadRecord(line, "\"" + name + "\" is not a string");
                    }
                    if (name.equals("key")) {
                        key = r.nextString();
                    } else {
                        value = r.nextString();
                    }
                }
                r.endObject();
                boolean more;
                try {
                    more = r.peek() != JsonToken.END_DOCUMENT;
                } catch (MalformedJsonException e) {
                    more = true;
                }
                if (more) {
                    throw new DumpFormat.BadRecord(line, "more than one JSON value on the line");
                }
            } catch (MalformedJsonException | java.io.EOFException e) {
                throw new DumpFormat.BadRecord(line, "not JSON (" + firstClause(e.getMessage()) + ")");
            } catch (DumpFormat.BadRecord e) {
                throw e;
            } catch (IOException | IllegalStateException e) {
                throw new DumpFormat.BadRecord(line, "not JSON (" + firstClause(e.getMessage()) + ")");
            }
            if (key == null || value == null) {
                throw new DumpFormat.BadRecord(line, "lacks the field \"" + (key == null ? "key" : "value") + "\"");
            }
            try {
                return new DumpFormat.Entry(bytes.decode(key, "the key"), bytes.decode(value, "the value"), line);
            } catch (ToolException e) {
                throw new DumpFormat.BadRecord(line, e.getMessage());
            }
        }

        /** Gson's message without its advice, its line (always 1 here) or its JSON path. */
        private static String firstClause(String message) {
            if (message == null) {
                return "unexpected end";
            }
            String m = message;
            int cut = m.indexOf("\nSee ");
            m = cut > 0 ? m.substring(0, cut) : m;
            m = m.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "malformed JSON");
            int path = m.indexOf(" path $");
            m = path > 0 ? m.substring(0, path) : m;
            return m.replace(" at line 1 column ", " at column ").replace('\n', ' ');
        }
    }
}
