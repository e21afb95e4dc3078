// What every cairn subcommand shares: the root's options (--db, --key-file, --verbose, --quiet),
// its streams, and JSON printing. Subclasses implement call(); one instance serves one run.
package dev.cairn.lsm.tools;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSerializer;
import dev.cairn.lsm.Encryption;
import dev.cairn.lsm.internal.inspect.KeyView;
import dev.cairn.lsm.internal.inspect.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Base of the subcommands. */
abstract class StoreCommand implements Callable<Integer> {
    static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create();

    @ParentCommand
    Cairn cairn;

    @Spec
    CommandSpec spec;

    /** @return this run's streams */
    Io io() {
        return cairn.io();
    }

    /**
     * @return the store directory given with --db
     * @throws ToolException (usage) when --db is missing
     */
    Path dir() {
        Path d = cairn.db();
        if (d == null) {
            throw ToolException.usage("missing --db DIR: which store? (cairn " + spec.name() + " --db DIR ...)");
        }
        return d;
    }

    /**
     * @return the encryption --key-file gives, or null when it is not given (the store is plain)
     * @throws ToolException when the file does not exist or holds no key
     */
    Encryption encryption() {
        Path file = cairn.keyFile();
        return file == null ? null : KeyFile.read(file);
    }

    /** @return whether progress bars and summaries are wanted */
    boolean quiet() {
        return cairn.quiet();
    }

    /** Starts a progress bar for this command (drawn only on a terminal and without --quiet). */
    Progress progress(String task, long total, Progress.Unit unit) {
        return Progress.start(io(), quiet(), task, total, unit);
    }

    /**
     * @return a Gson that spells every byte array (keys) in {@code f}, for reports serialized
     *     whole; TEXT escapes bytes that are not UTF-8 ({@link ByteFormat#display})
     */
    static Gson gson(ByteFormat f) {
        return GSON.newBuilder()
                .registerTypeAdapter(byte[].class, (JsonSerializer<byte[]>) (b, type, ctx) ->
                        new JsonPrimitive(f.display(b)))
                .create();
    }

    /** @return an internal key for people: user key, {@code @sequence}, kind */
    static String key(KeyView k, ByteFormat f) {
        return k == null ? "-" : f.display(k.userKey()) + " @" + k.sequence() + " " + k.kind();
    }

    /** Prints problems on stdout, one per line, damage first. */
    void printProblems(List<Problem> problems) {
        for (Problem p : problems) {
            io().out().println((p.corruption() ? "CORRUPT " : "warning ") + p.file()
                    + (p.offset() >= 0 ? " @" + p.offset() : "") + ": " + p.message());
        }
    }

    /**
     * @param file a file named on the command line: as given, or else inside --db's directory
     * @return its path
     * @throws ToolException (not found) when it is in neither place
     */
    Path existingFile(String file) {
        Path p = Path.of(file);
        if (!Files.exists(p) && cairn.db() != null && Files.exists(cairn.db().resolve(file))) {
            p = cairn.db().resolve(file);
        }
        if (!Files.isRegularFile(p)) {
            throw ToolException.notFound("no file " + file + (cairn.db() == null ? "" : " (nor in " + cairn.db() + ")"));
        }
        return p;
    }

    /** Prints a JSON document on stdout. */
    void printJson(JsonElement json) {
        io().out().println(GSON.toJson(json));
    }

    /** Prints a summary line on stderr unless --quiet. */
    void note(String line) {
        if (!quiet()) {
            io().err().println(line);
        }
    }
}
