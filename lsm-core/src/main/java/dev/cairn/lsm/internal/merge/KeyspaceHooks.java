// The user's functions attached to one keyspace: its merge operator and compaction filter, and the
// engine's calls into them with their failures named (the key, and the column family when it is
// not the default one). Each column family owns its own
// KeyspaceHooks (replaced by setOptions). Immutable; thread-safe as long as
// the user's functions are (their contract says they must be).
package dev.cairn.lsm.internal.merge;

import dev.cairn.lsm.ColumnFamily;
import dev.cairn.lsm.CompactionFilter;
import dev.cairn.lsm.LsmException;
import dev.cairn.lsm.MergeOperator;
import dev.cairn.lsm.StoreOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The merge operator and compaction filter of one keyspace, and the one place the engine calls
 * them. Every failure of the user's code (an exception, a null result) comes out as an
 * {@link LsmException} naming the key: a read throws it to its caller, a compaction fails with
 * it (which makes it the store's background error). Operands are never dropped: a key holding
 * operands in a keyspace without an operator fails the read instead of hiding them.
 */
public final class KeyspaceHooks {
    /** No operator, no filter: what a store opened without them uses. */
    public static final KeyspaceHooks NONE = new KeyspaceHooks(null, null, null);

    private final MergeOperator operator;
    private final CompactionFilter filter;
    /** The column family's name for messages; null for the default family. */
    private final String family;

    /**
     * @param operator the merge operator, or null
     * @param filter the compaction filter, or null
     * @param family the column family's name, or null for the default family
     */
    public KeyspaceHooks(MergeOperator operator, CompactionFilter filter, String family) {
        this.operator = operator;
        this.filter = filter;
        this.family = family;
    }

    /** @return the hooks of the store's default keyspace as {@code options} configure them */
    public static KeyspaceHooks of(StoreOptions options) {
        return of(options, null);
    }

    /**
     * @param options the store's options with the family's applied
     * @param family the family's name, or null (or {@link ColumnFamily#DEFAULT_NAME}) for the default family
     * @return the hooks of that family as {@code options} configure them
     */
    public static KeyspaceHooks of(StoreOptions options, String family) {
        MergeOperator op = options.mergeOperator();
        CompactionFilter f = options.compactionFilter();
        String name = ColumnFamily.DEFAULT_NAME.equals(family) ? null : family;
        return op == null && f == null && name == null ? NONE : new KeyspaceHooks(op, f, name);
    }

    /**
     * Refuses a batch holding merges when there is no operator, before anything is written.
     *
     * @param merges the number of merge operations in the batch
     * @throws IllegalArgumentException if {@code merges > 0} and no merge operator is configured
     */
    public void checkMerges(int merges) {
        if (merges > 0) {
            checkMergeable();
        }
    }

    /**
     * Refuses a merge into this keyspace when it has no operator, before anything is written.
     *
     * @throws IllegalArgumentException naming the family, if no merge operator is configured
     */
    public void checkMergeable() {
        if (operator == null) {
            throw new IllegalArgumentException("cannot merge into " + where() + ": no merge operator is configured for it; "
                    + howToConfigure());
        }
    }

    /** @return "column family NAME", or "the default column family" */
    private String where() {
        return family == null ? "the default column family" : "column family \"" + family + "\"";
    }

    /** @return how to give this keyspace its merge operator */
    private String howToConfigure() {
        return family == null
                ? "open the store with StoreOptions.builder().mergeOperator(...), for example MergeOperators.uint64Add()"
                : "give the family one with ColumnFamilyOptions.builder().mergeOperator(...) when creating it, and again"
                        + " with db.setOptions(family, ...) after each open (operators are code, not kept in the store)";
    }

    /** @return the compaction filter, or null */
    public CompactionFilter filter() {
        return filter;
    }

    /** @return whether flushes and compactions have anything to call (an operator or a filter) */
    public boolean rewritesEntries() {
        return operator != null || filter != null;
    }

    /**
     * @param key the user key
     * @param base the value below the operands, or null
     * @param newestFirst the operands as a read collects them, newest first (not changed)
     * @return the merged value
     * @throws LsmException if there is no operator, or it throws or returns null
     */
    public byte[] fullMergeNewestFirst(byte[] key, byte[] base, List<byte[]> newestFirst) {
        List<byte[]> oldestFirst = new ArrayList<>(newestFirst);
        Collections.reverse(oldestFirst);
        return fullMerge(key, base, oldestFirst);
    }

    /**
     * @param key the user key
     * @param base the value below the operands, or null
     * @param oldestFirst the operands, oldest first
     * @return the merged value
     * @throws LsmException if there is no operator, or it throws or returns null
     */
    public byte[] fullMerge(byte[] key, byte[] base, List<byte[]> oldestFirst) {
        MergeOperator op = requireOperator(key);
        byte[] out;
        try {
            out = op.fullMerge(key.clone(), base, Collections.unmodifiableList(oldestFirst));
        } catch (RuntimeException e) {
            throw new LsmException("merge operator " + op.name() + " failed on key " + describe(key) + " ("
                    + oldestFirst.size() + " operands): " + e, e);
        }
        if (out == null) {
            throw new LsmException("merge operator " + op.name() + " returned null for key " + describe(key));
        }
        return out;
    }

    /**
     * @param key the user key
     * @param left the older operand
     * @param right the newer operand
     * @return one operand with the effect of both, or null when the operator cannot combine them
     * @throws LsmException if there is no operator, or it throws
     */
    public byte[] partialMerge(byte[] key, byte[] left, byte[] right) {
        MergeOperator op = requireOperator(key);
        try {
            return op.partialMerge(key.clone(), left, right);
        } catch (RuntimeException e) {
            throw new LsmException("merge operator " + op.name() + " failed to combine two operands of key "
                    + describe(key) + ": " + e, e);
        }
    }

    /**
     * @param entry the value a compaction is about to write
     * @return the filter's decision
     * @throws LsmException if the filter throws or returns null
     */
    public CompactionFilter.Decision filter(CompactionFilter.Entry entry) {
        CompactionFilter.Decision d;
        try {
            d = filter.filter(entry);
        } catch (RuntimeException e) {
            throw new LsmException("compaction filter failed on key " + describe(entry.key()) + ": " + e, e);
        }
        if (d == null) {
            throw new LsmException("compaction filter returned null for key " + describe(entry.key())
                    + " (return Decision.keep() to keep it)");
        }
        return d;
    }

    private MergeOperator requireOperator(byte[] key) {
        if (operator == null) {
            throw new LsmException("key " + describe(key) + " of " + where() + " holds merge operands, but the store was"
                    + " opened without a merge operator for that family: " + howToConfigure()
                    + ", set to the operator that wrote them");
        }
        return operator;
    }

    /** @return the key for a message: printable ASCII as text, anything else as hex (at most 64 bytes) */
    public static String describe(byte[] key) {
        boolean printable = true;
        for (byte b : key) {
            printable &= b >= 0x20 && b < 0x7F;
        }
        int n = Math.min(key.length, 64);
        StringBuilder sb = new StringBuilder();
        if (printable) {
            sb.append('"').append(new String(key, 0, n, java.nio.charset.StandardCharsets.US_ASCII)).append('"');
        } else {
            sb.append("0x");
            for (int i = 0; i < n; i++) {
                sb.append(String.format("%02x", key[i]));
            }
        }
        return key.length > n ? sb + "... (" + key.length + " bytes)" : sb.toString();
    }
}
