// Lets the engine read the key of a public Encryption setting without widening that class's API:
// the key is behind a private method, which the engine calls through a MethodHandle found once
// with the module's own access to its API package (the pattern of BatchEncoding: the engine may
// name API types, the API names nothing internal). Stateless; thread-safe.
package dev.cairn.lsm.internal.crypto;

import dev.cairn.lsm.Encryption;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/** The engine's way to the key of an {@link Encryption}. */
public final class EncryptionAccess {
    private static final MethodHandle KEY;

    static {
        try {
            KEY = MethodHandles.privateLookupIn(Encryption.class, MethodHandles.lookup())
                    .findVirtual(Encryption.class, "key", MethodType.methodType(byte[].class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private EncryptionAccess() {
    }

    /**
     * @param encryption a setting
     * @return a fresh copy of its key, 16, 24 or 32 bytes; the caller wipes it after use
     * @throws IllegalArgumentException if a supplier gave no key or a key of the wrong length
     */
    static byte[] key(Encryption encryption) {
        try {
            return (byte[]) KEY.invokeExact(encryption);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("cannot read the encryption key: " + t, t);
        }
    }
}
