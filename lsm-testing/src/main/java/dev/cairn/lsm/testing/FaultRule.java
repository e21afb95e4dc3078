// A description of when a FaultFileSystem fails an operation. Immutable and thread-safe; the
// counting state lives in the FaultFileSystem the rule is added to.
package dev.cairn.lsm.testing;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Predicate;
import okio.Path;

/**
 * When to fail: the n-th matching operation counted from the moment the rule is added to a
 * {@link FaultFileSystem}, either once or (when {@link #persistent()}) that one and every matching
 * operation after it. An operation matches when its kind is one of the rule's kinds and its path
 * passes the rule's path filter.
 *
 * <pre>{@code
 * fs.add(FaultRule.nth(FaultOperation.SYNC, 3));                        // the third sync fails
 * fs.add(FaultRule.nthOfAny(7).persistent());                           // everything from the 7th op on
 * fs.add(FaultRule.nth(FaultOperation.WRITE, 1).onPaths(p -> p.name().endsWith(".sst")));
 * }</pre>
 */
public final class FaultRule {
    private final Set<FaultOperation> operations;
    private final long n;
    private final boolean persistent;
    private final Predicate<Path> pathFilter;

    private FaultRule(Set<FaultOperation> operations, long n, boolean persistent, Predicate<Path> pathFilter) {
        if (n < 1) {
            throw new IllegalArgumentException("n counts from 1, was " + n);
        }
        this.operations = operations;
        this.n = n;
        this.persistent = persistent;
        this.pathFilter = pathFilter;
    }

    /**
     * @param operation the kind of operation to fail
     * @param n which one, counting from 1
     * @return a rule failing the n-th such operation once
     */
    public static FaultRule nth(FaultOperation operation, long n) {
        if (operation == null) {
            throw new IllegalArgumentException("operation must not be null (use nthOfAny for any kind)");
        }
        return new FaultRule(EnumSet.of(operation), n, false, p -> true);
    }

    /**
     * @param n which operation, of any kind, counting from 1
     * @return a rule failing the n-th operation once
     */
    public static FaultRule nthOfAny(long n) {
        return new FaultRule(EnumSet.allOf(FaultOperation.class), n, false, p -> true);
    }

    /** @return this rule, failing from the n-th matching operation on instead of once */
    public FaultRule persistent() {
        return new FaultRule(operations, n, true, pathFilter);
    }

    /**
     * @param filter which paths count; operations on other paths are neither counted nor failed
     * @return this rule restricted to those paths
     */
    public FaultRule onPaths(Predicate<Path> filter) {
        if (filter == null) {
            throw new IllegalArgumentException("filter must not be null");
        }
        return new FaultRule(operations, n, persistent, filter);
    }

    /** @return the n of "the n-th matching operation" */
    public long n() {
        return n;
    }

    /** @return whether every matching operation from the n-th on fails */
    public boolean isPersistent() {
        return persistent;
    }

    /**
     * @param operation a kind of operation
     * @param path the path it is on, or null
     * @return whether the operation counts towards this rule
     */
    public boolean matches(FaultOperation operation, Path path) {
        return operations.contains(operation) && (path == null || pathFilter.test(path));
    }

    @Override
    public String toString() {
        return "FaultRule(" + (operations.size() == FaultOperation.values().length ? "any" : operations)
                + " #" + n + (persistent ? " and after" : " once") + ")";
    }
}
