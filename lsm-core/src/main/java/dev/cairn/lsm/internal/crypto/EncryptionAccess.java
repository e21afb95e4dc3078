// Lets the engine read the key of a public Encryption setting without widening that class's API
// (the pattern of BatchAccess). Encryption installs the accessor from its static initializer,
// which has always run by the time the engine holds a setting. Thread-safe.
package dev.cairn.lsm.internal.crypto;

import dev.cairn.lsm.Encryption;
import java.util.function.Function;

/** The engine's way to the key of an {@link Encryption}. */
public final class EncryptionAccess {
    private static volatile Function<Encryption, byte[]> accessor;

    private EncryptionAccess() {
    }

    /**
     * Called once by {@link Encryption}.
     *
     * @param f returns a fresh, checked copy of a setting's key (calling its supplier if it has one)
     */
    public static void install(Function<Encryption, byte[]> f) {
        accessor = f;
    }

    /**
     * @param encryption a setting
     * @return a fresh copy of its key, 16, 24 or 32 bytes; the caller wipes it after use
     * @throws IllegalArgumentException if a supplier gave no key or a key of the wrong length
     */
    static byte[] key(Encryption encryption) {
        return accessor.apply(encryption);
    }
}
