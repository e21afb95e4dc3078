package dev.cairn.lsm;

import java.util.Arrays;

/** Argument checks shared by the public entry points; each failure says what was wrong. */
final class Checks {
    private Checks() {
    }

    static void key(byte[] key, String name) {
        if (key == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (key.length > Limits.MAX_KEY_SIZE) {
            throw new IllegalArgumentException(name + " is " + key.length + " bytes; the limit is "
                    + Limits.MAX_KEY_SIZE + " bytes (Limits.MAX_KEY_SIZE)");
        }
    }

    static void value(byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("value must not be null (use delete to remove a key)");
        }
        if (value.length > Limits.MAX_VALUE_SIZE) {
            throw new IllegalArgumentException("value is " + value.length + " bytes; the limit is "
                    + Limits.MAX_VALUE_SIZE + " bytes (Limits.MAX_VALUE_SIZE)");
        }
    }

    static void range(byte[] from, byte[] to) {
        key(from, "from");
        key(to, "to");
        if (Arrays.compareUnsigned(from, to) > 0) {
            throw new IllegalArgumentException("range is reversed: from sorts after to (a range is [from, to))");
        }
    }

    static void optionalRange(byte[] from, byte[] to) {
        if (from != null) {
            key(from, "from");
        }
        if (to != null) {
            key(to, "to");
        }
        if (from != null && to != null && Arrays.compareUnsigned(from, to) > 0) {
            throw new IllegalArgumentException("range is reversed: from sorts after to (a range is [from, to))");
        }
    }
}
