// CSV for dump and load (RFC 4180): a "key,value" header, then one record per entry; a field
// holding a comma, quote, CR or LF (or starting or ending with a space) is quoted, quotes
// doubled. The reader accepts quoted fields spanning lines and reports a record by the line it
// began on. Not thread-safe.
package dev.cairn.lsm.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The CSV dump format. */
final class CsvLines {
    private static final String HEADER = "key,value";

    private CsvLines() {
    }

    /** Writes the header, then one record per entry. */
    static final class Writer implements DumpFormat.EntryWriter {
        private final java.io.Writer out;
        private final ByteFormat bytes;

        Writer(java.io.Writer out, ByteFormat bytes) throws IOException {
            this.out = out;
            this.bytes = bytes;
            out.write(HEADER);
            out.write("\r\n");
        }

        @Override
        public void write(byte[] key, byte[] value) throws IOException {
            field(bytes.encode(key, "key"));
            out.write(',');
            field(bytes.encode(value, "value"));
            out.write("\r\n");
        }

        private void field(String s) throws IOException {
            boolean quote = !s.isEmpty() && (s.charAt(0) == ' ' || s.charAt(s.length() - 1) == ' ');
            for (int i = 0; i < s.length() && !quote; i++) {
                char c = s.charAt(i);
                quote = c == ',' || c == '"' || c == '\r' || c == '\n';
            }
            if (!quote) {
                out.write(s);
                return;
            }
            out.write('"');
            out.write(s.replace("\"", "\"\""));
            out.write('"');
        }
    }

    /** Reads the header, then the records. */
    static final class Reader implements DumpFormat.EntryReader {
        private final BufferedReader in;
        private final ByteFormat bytes;
        private long line = 1;
        private long chars;
        private boolean headerRead;
        private int pushedBack = -2;

        Reader(BufferedReader in, ByteFormat bytes) {
            this.in = in;
            this.bytes = bytes;
        }

        @Override
        public DumpFormat.Entry next() throws IOException {
            if (!headerRead) {
                headerRead = true;
                List<String> header = record();
                if (header == null) {
                    return null;
                }
                if (header.size() != 2 || !header.get(0).equals("key") || !header.get(1).equals("value")) {
                    throw new DumpFormat.BadRecord(1, "the first line must be the header \"" + HEADER + "\"");
                }
            }
            long start = line;
            List<String> fields = record();
            while (fields != null && fields.size() == 1 && fields.get(0).isEmpty()) {
                start = line;
                fields = record();
            }
            if (fields == null) {
                return null;
            }
            if (fields.size() != 2) {
                throw new DumpFormat.BadRecord(start, "has " + fields.size() + " fields, not 2 (key,value)");
            }
            try {
                return new DumpFormat.Entry(bytes.decode(fields.get(0), "the key"), bytes.decode(fields.get(1),
                        "the value"), start);
            } catch (ToolException e) {
                throw new DumpFormat.BadRecord(start, e.getMessage());
            }
        }

        @Override
        public long charsRead() {
            return chars;
        }

        /** @return the fields of the next record, or null at the end of the input */
        private List<String> record() throws IOException {
            int c = read();
            if (c < 0) {
                return null;
            }
            long start = line;
            List<String> fields = new ArrayList<>(2);
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean wasQuoted = false;
            while (true) {
                if (quoted) {
                    if (c < 0) {
                        throw new DumpFormat.BadRecord(start, "a quoted field is not closed before the end of the input");
                    }
                    if (c == '"') {
                        int n = read();
                        if (n == '"') {
                            field.append('"');
                        } else {
                            quoted = false;
                            c = n;
                            continue;
                        }
                    } else {
                        field.append((char) c);
                    }
                } else if (c < 0 || c == '\n' || c == '\r') {
                    if (c == '\r') {
                        int n = read();
                        if (n != '\n') {
                            unread(n);
                        }
                    }
                    fields.add(field.toString());
                    return fields;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                    wasQuoted = false;
                } else if (c == '"' && field.length() == 0 && !wasQuoted) {
                    quoted = true;
                    wasQuoted = true;
                } else if (wasQuoted) {
                    throw new DumpFormat.BadRecord(start, "text after a quoted field's closing quote");
                } else {
                    field.append((char) c);
                }
                c = read();
            }
        }

        private int read() throws IOException {
            int c;
            if (pushedBack != -2) {
                c = pushedBack;
                pushedBack = -2;
                return c;
            }
            c = in.read();
            if (c >= 0) {
                chars++;
            }
            if (c == '\n') {
                line++;
            }
            return c;
        }

        private void unread(int c) {
            pushedBack = c;
        }
    }
}
