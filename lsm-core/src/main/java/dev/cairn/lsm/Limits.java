package dev.cairn.lsm;

/** The documented size limits of keys, values and batches. Larger input is refused. */
public final class Limits {
    /** The largest key accepted, in bytes (64 KiB). Empty keys are valid. */
    public static final int MAX_KEY_SIZE = 64 * 1024;
    /** The largest value accepted, in bytes (32 MiB). Empty values are valid. */
    public static final int MAX_VALUE_SIZE = 32 * 1024 * 1024;
    /** The largest encoded write batch accepted, in bytes (256 MiB). */
    public static final int MAX_BATCH_SIZE = 256 * 1024 * 1024;

    private Limits() {
    }
}
