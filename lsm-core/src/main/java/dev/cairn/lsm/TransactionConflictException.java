package dev.cairn.lsm;

import java.nio.charset.StandardCharsets;

/**
 * A transaction's commit was refused because another commit, made after the transaction's
 * snapshot, wrote a key it conflicts with (first committer wins). Nothing of the transaction was
 * written; running it again from the start, in a new transaction, is the usual remedy.
 */
public class TransactionConflictException extends LsmException {
    private static final long serialVersionUID = 1L;

    private final byte[] key;

    /**
     * @param key the conflicting key (kept as given)
     * @param why what the key was to the transaction ("written", "read", "in a range read", ...)
     */
    public TransactionConflictException(byte[] key, String why) {
        super("transaction conflict on key " + describe(key) + " (" + why
                + "): another commit after this transaction's snapshot wrote it; retry the transaction");
        this.key = key.clone();
    }

    /** @return the key another commit wrote after this transaction's snapshot (a copy) */
    public byte[] key() {
        return key.clone();
    }

    /** @return {@code key} as printable text when it is printable ASCII, else as hex */
    static String describe(byte[] key) {
        boolean printable = key.length > 0;
        for (byte b : key) {
            printable &= b >= 0x20 && b < 0x7f;
        }
        if (printable) {
            return "\"" + new String(key, StandardCharsets.US_ASCII) + "\"";
        }
        StringBuilder hex = new StringBuilder("0x");
        for (byte b : key) {
            hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return hex.toString();
    }
}
