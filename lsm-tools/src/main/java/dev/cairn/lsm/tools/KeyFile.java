// Reads the encryption key --key-file names: either the raw key (exactly 16, 24 or 32 bytes) or
// the key in hex (32, 48 or 64 hex digits, surrounding whitespace such as a final newline ignored).
// A file that is neither is bad input, refused before any store is opened; the message never
// shows the file's bytes. Stateless.
package dev.cairn.lsm.tools;

import dev.cairn.lsm.Encryption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;

/** The key of an encrypted store, from a file. */
final class KeyFile {
    /** Larger files are no key file: refused without being read whole. */
    private static final long MAX_BYTES = 4096;

    private KeyFile() {
    }

    /**
     * @param file the key file
     * @return AES-GCM encryption with the file's key
     * @throws ToolException (not found) when the file does not exist, (usage) when it holds no key
     */
    static Encryption read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw ToolException.notFound("no key file " + file);
        }
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw ToolException.usage(badKey(file, Files.size(file)));
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw ToolException.io("cannot read key file " + file + ": " + e.getMessage(), e);
        }
        byte[] key = decode(bytes);
        try {
            if (key == null) {
                throw ToolException.usage(badKey(file, bytes.length));
            }
            return Encryption.aesGcm(key);
        } finally {
            Arrays.fill(bytes, (byte) 0);
            if (key != null) {
                Arrays.fill(key, (byte) 0);
            }
        }
    }

    /** @return the key {@code bytes} hold (raw, or hex), or null when they hold none */
    static byte[] decode(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1).strip();
        if ((text.length() == 32 || text.length() == 48 || text.length() == 64) && isHex(text)) {
            return HexFormat.of().parseHex(text);
        }
        if (bytes.length == 16 || bytes.length == 24 || bytes.length == 32) {
            return bytes.clone();
        }
        return null;
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static String badKey(Path file, long size) {
        return "key file " + file + " holds no key (" + size + " bytes): give the raw key (16, 24 or 32 bytes)"
                + " or the key in hex (32, 48 or 64 hex digits)";
    }
}
