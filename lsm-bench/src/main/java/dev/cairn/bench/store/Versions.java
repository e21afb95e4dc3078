// Library versions as pinned in the parent pom (filtered into bench-versions.properties at
// build time). Loaded once; thread-safe.
package dev.cairn.bench.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The versions of the libraries under test, as built into the jar. */
public final class Versions {
    private static final Properties VERSIONS = load();

    private Versions() {
    }

    /**
     * @param library a key of bench-versions.properties (cairn, rocksdbjni, leveldb, snappy, h2, lmdbjava)
     * @return its version, or "unknown"
     */
    public static String of(String library) {
        return VERSIONS.getProperty(library, "unknown");
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("/bench-versions.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
