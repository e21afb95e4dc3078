// Opens the desktop workload's store for a name: cairn (Java API, in this package),
// cairn-kotlin (typed maps) and datastore (Jetpack DataStore), the last two loaded by class name
// from the Kotlin adapter as the harness loads its other Kotlin code. Stateless.
package dev.cairn.bench.desktop;

import java.nio.file.Path;
import java.util.List;

/** Finds the {@link DesktopStore} of a name. */
final class DesktopStores {
    /** Every store the desktop workload knows, in report order. */
    static final List<String> ALL = List.of("cairn", "cairn-kotlin", "datastore");

    private DesktopStores() {
    }

    private static String kotlinClass(String store) {
        return switch (store) {
            case "cairn-kotlin" -> "dev.cairn.bench.kotlin.KotlinDesktop";
            case "datastore" -> "dev.cairn.bench.kotlin.DataStoreDesktop";
            default -> null;
        };
    }

    /**
     * @param store a store name
     * @return why the store cannot run the desktop workload, or null when it can
     */
    static String unsupported(String store) {
        if (store.equals("cairn")) {
            return null;
        }
        String name = kotlinClass(store);
        if (name == null) {
            return "unknown to the desktop workload (it runs " + String.join(", ", ALL) + ")";
        }
        try {
            Class.forName(name, false, DesktopStores.class.getClassLoader());
            return null;
        } catch (ClassNotFoundException | LinkageError e) {
            return "the Kotlin adapter is not in this build";
        }
    }

    /**
     * @param store a store for which {@link #unsupported} is null
     * @param dir the store's directory (created by the store when missing)
     * @return the store, not yet open
     * @throws Exception when the adapter cannot be built
     */
    static DesktopStore create(String store, Path dir) throws Exception {
        if (store.equals("cairn")) {
            return new CairnDesktop(dir);
        }
        String name = kotlinClass(store);
        if (name == null) {
            throw new IllegalArgumentException(store + ": " + unsupported(store));
        }
        return (DesktopStore) Class.forName(name).getConstructor(Path.class).newInstance(dir);
    }
}
