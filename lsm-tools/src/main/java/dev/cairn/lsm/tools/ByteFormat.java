// How keys and values are spelled on the command line and in output: UTF-8 text (the default),
// hex, or base64. Decoding refuses malformed input with a message naming what was wrong;
// encoding as text refuses bytes that are not UTF-8 (a dump must round-trip byte for byte), and
// display() escapes them instead for tables meant for people. Thread-safe (no state).
package dev.cairn.lsm.tools;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/** Byte strings to and from text. */
enum ByteFormat {
    /** UTF-8 text. */
    TEXT,
    /** Lowercase hex digits, two per byte. */
    HEX,
    /** Standard base64 with padding (RFC 4648). */
    BASE64;

    private static final HexFormat HEX_FORMAT = HexFormat.of();
    private static final ThreadLocal<CharsetDecoder> STRICT_UTF8 = ThreadLocal.withInitial(() ->
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT));

    /**
     * @param text the spelled form
     * @param what what it is, for the message ("key", "line 7's value")
     * @return the bytes
     * @throws ToolException (usage) when {@code text} is not valid in this format
     */
    byte[] decode(String text, String what) {
        switch (this) {
            case HEX:
                if (text.length() % 2 != 0) {
                    throw ToolException.usage("bad hex for " + what + ": \"" + abbreviate(text)
                            + "\" has an odd number of digits");
                }
                try {
                    return HEX_FORMAT.parseHex(text);
                } catch (IllegalArgumentException e) {
                    throw ToolException.usage("bad hex for " + what + ": \"" + abbreviate(text)
                            + "\" holds a character that is not a hex digit");
                }
            case BASE64:
                try {
                    return Base64.getDecoder().decode(text);
                } catch (IllegalArgumentException e) {
                    throw ToolException.usage("bad base64 for " + what + ": " + e.getMessage());
                }
            default:
                return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * @param bytes a key or value
     * @param what what it is, for the message
     * @return its spelled form
     * @throws ToolException (usage) when this is TEXT and the bytes are not UTF-8
     */
    String encode(byte[] bytes, String what) {
        switch (this) {
            case HEX:
                return HEX_FORMAT.formatHex(bytes);
            case BASE64:
                return Base64.getEncoder().encodeToString(bytes);
            default:
                try {
                    return STRICT_UTF8.get().reset().decode(ByteBuffer.wrap(bytes)).toString();
                } catch (CharacterCodingException e) {
                    throw ToolException.usage(what + " 0x" + abbreviate(HEX_FORMAT.formatHex(bytes))
                            + " is not UTF-8 text: use --hex or --base64");
                }
        }
    }

    /**
     * @param bytes a key or value
     * @return a form for people: in TEXT, valid UTF-8 with control characters and invalid bytes
     *     escaped as {@code \xNN}; otherwise {@link #encode}
     */
    String display(byte[] bytes) {
        if (this != TEXT) {
            return encode(bytes, "");
        }
        CharsetDecoder d = STRICT_UTF8.get().reset();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        StringBuilder sb = new StringBuilder(bytes.length);
        while (in.hasRemaining()) {
            out.clear();
            var result = d.decode(in, out, true);
            out.flip();
            for (int i = 0; i < out.length(); i++) {
                char c = out.charAt(i);
                if (c < 0x20 || c == 0x7f || c == '\\') {
                    sb.append(c == '\\' ? "\\\\" : String.format("\\x%02x", (int) c));
                } else {
                    sb.append(c);
                }
            }
            if (result.isError()) {
                for (int i = 0; i < result.length(); i++) {
                    sb.append(String.format("\\x%02x", in.get() & 0xFF));
                }
            }
        }
        return sb.toString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
