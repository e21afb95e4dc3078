// cairn get KEY: prints the value and a newline; an absent key prints nothing and exits 4.
package dev.cairn.lsm.tools;

import com.google.gson.JsonObject;
import dev.cairn.lsm.LsmStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Reads one key. */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Print the value of KEY and a newline; exit 4 (printing nothing) when it is absent.")
final class GetCommand extends StoreCommand {
    @Parameters(paramLabel = "KEY", description = "The key.")
    String key;

    @Mixin
    EncodingOptions encoding;

    @Mixin
    FamilyOption family;

    @Option(names = "--json", description = "Print {\"key\": ..., \"value\": ...} instead.")
    boolean json;

    @Override
    public Integer call() {
        ByteFormat f = encoding.format();
        byte[] k = f.decode(key, "KEY");
        byte[] v;
        try (LsmStore db = StoreAccess.openForReading(dir(), encryption())) {
            v = db.get(family.existing(db), k);
        }
        if (v == null) {
            return ExitCode.NOT_FOUND;
        }
        if (json) {
            JsonObject o = new JsonObject();
            o.addProperty("key", f.encode(k, "key"));
            o.addProperty("value", f.encode(v, "value"));
            printJson(o);
        } else if (f == ByteFormat.TEXT) {
            // The value's own bytes, as cat would print them.
            io().out().write(v, 0, v.length);
            io().out().println();
        } else {
            io().out().println(f.encode(v, "value"));
        }
        return ExitCode.OK;
    }
}
