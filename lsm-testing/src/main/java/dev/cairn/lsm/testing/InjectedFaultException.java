// The IOException a FaultFileSystem throws for an injected fault. Immutable.
package dev.cairn.lsm.testing;

import java.io.IOException;
import okio.Path;

/**
 * An {@link IOException} thrown on purpose by {@link FaultFileSystem}, so a test can tell an
 * injected failure from a real one.
 */
public final class InjectedFaultException extends IOException {
    private static final long serialVersionUID = 1L;

    private final FaultOperation operation;
    private final transient Path path;

    /**
     * @param operation the kind of operation that failed
     * @param path the file or directory it was on, or null
     * @param message what happened
     */
    public InjectedFaultException(FaultOperation operation, Path path, String message) {
        super(message);
        this.operation = operation;
        this.path = path;
    }

    /** @return the kind of operation that failed */
    public FaultOperation operation() {
        return operation;
    }

    /** @return the file or directory the operation was on, or null */
    public Path path() {
        return path;
    }
}
