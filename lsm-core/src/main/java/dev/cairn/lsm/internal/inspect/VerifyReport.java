// The result of checking a whole store: every live file checked, and what is wrong. Immutable;
// thread-safe.
package dev.cairn.lsm.internal.inspect;

import java.util.List;

/**
 * A store verified.
 *
 * @param manifest the live manifest's name (null when it could not be read)
 * @param files every file checked, with its kind and size
 * @param bytesChecked bytes read and checked
 * @param problems damage and warnings; the store is intact when none is damage
 */
public record VerifyReport(String manifest, List<CheckedFile> files, long bytesChecked, List<Problem> problems) {
    /** Copies the lists. */
    public VerifyReport {
        files = List.copyOf(files);
        problems = List.copyOf(problems);
    }

    /** @return whether any problem is damage */
    public boolean corrupt() {
        return problems.stream().anyMatch(Problem::corruption);
    }

    /**
     * A file that was checked.
     *
     * @param name its name
     * @param kind "table", "blob", "wal", "manifest" or "current"
     * @param bytes its size
     * @param intact whether it passed every check
     */
    public record CheckedFile(String name, String kind, long bytes, boolean intact) { }
}
