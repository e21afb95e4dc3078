// The cairn command line: the root command, its shared options (--db, --key-file, --verbose,
// --quiet, accepted before or after the subcommand), and the handlers that turn every failure into one
// line on stderr and an exit code (ExitCode). main() runs it on the process's streams;
// commandLine() builds it on any streams, which is how the tests run it in-process.
package dev.cairn.lsm.tools;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code cairn [--db DIR] COMMAND ...}: inspect, query and maintain a Cairn store. */
@Command(name = "cairn", mixinStandardHelpOptions = true, version = "cairn 0.1.0",
        description = "Inspect, query and maintain a Cairn store.",
        exitCodeOnInvalidInput = ExitCode.USAGE,
        footerHeading = "%nExit codes:%n",
        footer = {"  0 ok, 1 usage or bad input, 2 corruption found, 3 store locked or I/O failure, 4 not found",
                  "See docs/tools.md for every command."},
        subcommands = {GetCommand.class, PutCommand.class, DeleteCommand.class, ScanCommand.class,
                DumpCommand.class, LoadCommand.class, ManifestCommand.class, SstCommand.class, WalCommand.class,
                VerifyCommand.class, StatsCommand.class, CompactCommand.class, CheckpointCommand.class, BackupCommand.class,
                RestoreCommand.class, BackupsCommand.class, BenchCommand.class,
                AutoComplete.GenerateCompletion.class})
public final class Cairn implements Runnable {
    @Option(names = "--db", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "The store directory (before or after the command).")
    private Path db;

    @Option(names = "--key-file", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = {"The encryption key of an encrypted store: a file holding the raw key (16, 24 or 32 bytes)",
                    "or the key in hex (32, 48 or 64 hex digits). Every command that opens a store, a table, a log",
                    "or a manifest needs it for an encrypted one; put and load create an encrypted store with it."})
    private Path keyFile;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print the stack trace of a failure.")
    private boolean verbose;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "No progress bars and no summaries on stderr.")
    private boolean quiet;

    private final Io io;

    private Cairn(Io io) {
        this.io = io;
    }

    Io io() {
        return io;
    }

    Path db() {
        return db;
    }

    boolean quiet() {
        return quiet;
    }

    Path keyFile() {
        return keyFile;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "missing command (see cairn --help)");
    }

    /**
     * Runs cairn on the process's streams and exits with its exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
                StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true,
                StandardCharsets.UTF_8);
        int code = commandLine(System.in, out, err, System.console() != null).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Builds the command line over the given streams.
     *
     * @param in standard input
     * @param out standard output (data, reports)
     * @param err standard error (errors, summaries, progress)
     * @param terminal whether a person watches (progress bars are drawn only then)
     * @return the command line; call {@code execute(args)} for the exit code
     */
    public static CommandLine commandLine(InputStream in, OutputStream out, OutputStream err, boolean terminal) {
        PrintStream o = out instanceof PrintStream p ? p : new PrintStream(out, false, StandardCharsets.UTF_8);
        PrintStream e = err instanceof PrintStream p ? p : new PrintStream(err, true, StandardCharsets.UTF_8);
        Cairn root = new Cairn(new Io(in, o, e, terminal));
        CommandLine cl = new CommandLine(root);
        cl.setOut(new PrintWriter(o, true));
        cl.setErr(new PrintWriter(e, true));
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter w = ex.getCommandLine().getErr();
            w.println("cairn: " + Failures.oneLine(ex.getMessage()) + " (see cairn "
                    + commandName(ex.getCommandLine()) + "--help)");
            w.flush();
            return ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            ToolException t = Failures.classify(ex);
            PrintWriter w = commandLine.getErr();
            o.flush();
            w.println("cairn: " + Failures.oneLine(t.getMessage()));
            if (root.verbose) {
                ex.printStackTrace(w);
            }
            w.flush();
            return t.exitCode();
        });
        return cl;
    }

    private static String commandName(CommandLine cl) {
        return cl.getParent() == null ? "" : cl.getCommandName() + " ";
    }
}
