// The exit codes of every cairn command, the tool's contract with scripts (docs/tools.md).
package dev.cairn.lsm.tools;

/** What a cairn process's exit status means. */
public final class ExitCode {
    /** The command did what was asked. */
    public static final int OK = 0;
    /** The command line or its input was wrong: unknown option, bad hex, reversed range, bad dump line. */
    public static final int USAGE = 1;
    /** Damage was found: a checksum mismatch, an undecodable block or record, a manifest that lies. */
    public static final int CORRUPTION = 2;
    /** The store is locked by another process, or reading or writing failed. */
    public static final int IO = 3;
    /** What was asked for is not there: an absent key, a missing store or file. */
    public static final int NOT_FOUND = 4;

    private ExitCode() {
    }
}
