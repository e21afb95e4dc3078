// A failure a command reports as one line on stderr with its exit code (never a stack trace
// unless --verbose). Immutable.
package dev.cairn.lsm.tools;

/** A failure with the exit code it ends the process with. */
final class ToolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    ToolException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    ToolException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }

    static ToolException usage(String message) {
        return new ToolException(ExitCode.USAGE, message);
    }

    static ToolException notFound(String message) {
        return new ToolException(ExitCode.NOT_FOUND, message);
    }

    static ToolException corruption(String message) {
        return new ToolException(ExitCode.CORRUPTION, message);
    }

    static ToolException io(String message, Throwable cause) {
        return new ToolException(ExitCode.IO, message, cause);
    }
}
