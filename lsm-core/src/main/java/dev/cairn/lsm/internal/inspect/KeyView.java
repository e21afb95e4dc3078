// An internal key split into its parts, for inspection output. Immutable by convention (the
// array is never modified); thread-safe.
package dev.cairn.lsm.internal.inspect;

import dev.cairn.lsm.internal.key.InternalKey;

/**
 * A user key with its sequence number and kind.
 *
 * @param userKey the user key's bytes
 * @param sequence the sequence number
 * @param kind "put", "delete", "merge", "blob" (a pointer into the value log), "seek" (an index
 *     separator or range end), or the kind's code
 */
public record KeyView(byte[] userKey, long sequence, String kind) {
    /**
     * @param internalKey an encoded internal key (at least 8 bytes)
     * @return its parts
     */
    static KeyView of(byte[] internalKey) {
        int code = InternalKey.kind(internalKey);
        String kind = switch (code) {
            case 0 -> "delete";
            case 1 -> "put";
            case 2 -> "merge";
            case 3 -> "blob";
            case InternalKey.SEEK_KIND -> "seek";
            default -> Integer.toString(code);
        };
        return new KeyView(InternalKey.userKey(internalKey), InternalKey.sequence(internalKey), kind);
    }

    /** @return the parts of {@code internalKey}, or null when it is null */
    static KeyView ofNullable(byte[] internalKey) {
        return internalKey == null ? null : of(internalKey);
    }
}
