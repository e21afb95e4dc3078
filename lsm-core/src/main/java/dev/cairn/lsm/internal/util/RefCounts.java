// How many holders (live versions) name each file number, for the owners that delete a file once
// nothing names it (tables, blob files). Not thread-safe: its owner's monitor guards it.
package dev.cairn.lsm.internal.util;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Counted references to file numbers; {@link #release} says when the last one went. */
public final class RefCounts {
    private final Map<Long, Integer> refs = new HashMap<>();

    /** One more holder names file {@code number}. */
    public void ref(long number) {
        refs.merge(number, 1, Integer::sum);
    }

    /**
     * One holder of file {@code number} let go.
     *
     * @return true when that was the last reference (the file may go), false while others remain
     *     or when none was held
     */
    public boolean release(long number) {
        Integer n = refs.get(number);
        if (n == null) {
            return false;
        }
        if (n > 1) {
            refs.put(number, n - 1);
            return false;
        }
        refs.remove(number);
        return true;
    }

    /** @return whether some holder names file {@code number} */
    public boolean contains(long number) {
        return refs.containsKey(number);
    }

    /** @return how many files are named */
    public int size() {
        return refs.size();
    }

    /** @return a copy of the numbers named */
    public Set<Long> numbers() {
        return new HashSet<>(refs.keySet());
    }
}
