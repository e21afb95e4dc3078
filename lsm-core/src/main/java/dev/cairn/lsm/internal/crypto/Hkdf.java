// HKDF with HMAC-SHA256 (RFC 5869), from the JDK's javax.crypto.Mac. Used only when a store opens
// (extract) and when a file is created or opened (expand), never per block. Stateless; each call
// makes its own Mac, so it is safe from any thread.
package dev.cairn.lsm.internal.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF-SHA256 extract and expand. */
final class Hkdf {
    private static final String HMAC = "HmacSHA256";
    /** Bytes of one HMAC-SHA256 output. */
    static final int HASH_LENGTH = 32;

    private Hkdf() {
    }

    /**
     * HKDF-Extract: {@code HMAC-SHA256(salt, inputKey)}.
     *
     * @return the 32-byte pseudorandom key
     */
    static byte[] extract(byte[] salt, byte[] inputKey) {
        Mac mac = mac(salt);
        return mac.doFinal(inputKey);
    }

    /**
     * HKDF-Expand of {@code prk} with {@code info} to {@code length} bytes (at most 255 × 32).
     *
     * @return the output keying material
     */
    static byte[] expand(byte[] prk, byte[] info, int length) {
        if (length < 1 || length > 255 * HASH_LENGTH) {
            throw new IllegalArgumentException("HKDF output length must be 1 to 8160 bytes, was " + length);
        }
        Mac mac = mac(prk);
        byte[] out = new byte[length];
        byte[] t = new byte[0];
        int done = 0;
        for (int i = 1; done < length; i++) {
            mac.update(t);
            mac.update(info);
            mac.update((byte) i);
            t = mac.doFinal();
            int n = Math.min(t.length, length - done);
            System.arraycopy(t, 0, out, done, n);
            done += n;
        }
        return out;
    }

    private static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac;
        } catch (GeneralSecurityException e) {
            // every Java SE runtime provides HmacSHA256
            throw new IllegalStateException("the JDK offers no " + HMAC, e);
        }
    }
}
