// How a store's files are encrypted at rest: the public choice (AES-GCM with a caller's key)
// that StoreOptions carries. Immutable and thread-safe; never reveals its key (toString included).
// The engine reads the key through the private key() method, by a MethodHandle (EncryptionAccess);
// this class names nothing internal.
package dev.cairn.lsm;

import java.util.function.Supplier;

/**
 * Authenticated encryption of a store's files with AES-GCM from the JDK ({@code javax.crypto}, no
 * native code): every table block, write-ahead log record and manifest record is sealed with a
 * key derived for its file from the caller's key, and bound to its file and position, so that a
 * changed, moved or swapped byte is a {@link CorruptionException}, never a wrong value.
 *
 * <pre>{@code
 * StoreOptions options = StoreOptions.builder()
 *     .encryption(Encryption.aesGcm(key))          // 16, 24 or 32 bytes: AES-128/192/256
 *     .build();
 * }</pre>
 *
 * <p>A store written with a key opens only with that key: another key is an {@link LsmException}
 * saying the key is wrong, a store opened without its key (or an unencrypted store opened with
 * one) is an {@link LsmException} saying so. Not covered: file names, sizes and counts, and the
 * {@code CURRENT} and {@code LOCK} files (which hold no user data); rolling a whole file back to an
 * older copy of itself; and keeping the key, which is the caller's job (a key store, the OS
 * keychain, a key management service). docs/format.md, "Encryption", describes every byte.
 */
public final class Encryption {
    private final byte[] key;
    private final Supplier<byte[]> keySupplier;

    private Encryption(byte[] key, Supplier<byte[]> keySupplier) {
        this.key = key;
        this.keySupplier = keySupplier;
    }

    /**
     * AES-GCM with a fixed key. The options keep a copy of the key for as long as they live; use
     * {@link #aesGcm(Supplier)} to hand the key over only when a store opens.
     *
     * @param key 16, 24 or 32 bytes (AES-128, AES-192, AES-256); copied
     * @return the encryption setting
     * @throws IllegalArgumentException if the key is null or of another length
     */
    public static Encryption aesGcm(byte[] key) {
        checkKey(key);
        return new Encryption(key.clone(), null);
    }

    /**
     * AES-GCM with a key fetched each time a store opens. Cairn copies the bytes it is given,
     * derives the keys it needs at open and drops its copy; the array returned is not modified.
     *
     * @param keySupplier returns 16, 24 or 32 bytes each time it is called
     * @return the encryption setting
     * @throws IllegalArgumentException if the supplier is null (a key of the wrong length is
     *     refused with the same exception when the store opens, before anything is written)
     */
    public static Encryption aesGcm(Supplier<byte[]> keySupplier) {
        if (keySupplier == null) {
            throw new IllegalArgumentException("encryption key supplier must not be null");
        }
        return new Encryption(null, keySupplier);
    }

    /** @return a fresh copy of the key, checked (called by the engine, reflectively) */
    @SuppressWarnings("unused")
    private byte[] key() {
        if (key != null) {
            return key.clone();
        }
        byte[] supplied = keySupplier.get();
        if (supplied == null) {
            throw new IllegalArgumentException("the encryption key supplier returned null");
        }
        checkKey(supplied);
        return supplied.clone();
    }

    private static void checkKey(byte[] key) {
        if (key == null) {
            throw new IllegalArgumentException("encryption key must not be null");
        }
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new IllegalArgumentException("encryption key must be 16, 24 or 32 bytes (AES-128, AES-192, AES-256), was "
                    + key.length + " bytes");
        }
    }

    /** Says which algorithm and how the key is given, never the key. */
    @Override
    public String toString() {
        return key != null ? "Encryption(AES-GCM, " + key.length * 8 + "-bit key)" : "Encryption(AES-GCM, key from a supplier)";
    }
}
