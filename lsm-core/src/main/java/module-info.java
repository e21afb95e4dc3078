// The Cairn engine as a Java module. It exports its public API, dev.cairn.lsm, and nothing else:
// every dev.cairn.lsm.internal package is sealed, so the compiler and the module system enforce
// what the package names promise (the lsm-tools module gets a qualified export of
// dev.cairn.lsm.internal.inspect, and only that). On the class path, where applications run it
// today, the jar works as before; the seal is then kept by the ArchUnit rules of the build.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.cairn.lsm {
    // okio's FileSystem and Path are in the public API (StoreOptions.fileSystem, LsmStore.open);
    // okio is an automatic module (Automatic-Module-Name: okio) written in Kotlin.
    requires transitive okio;
    requires kotlin.stdlib;
    // the engine's log lines (EngineLog); the application brings an SLF4J binding, or none
    requires org.slf4j;
    // LZ4 block compression, present only when the application ships lz4-java.
    requires static org.lz4.java;

    exports dev.cairn.lsm;
    // The cairn tool (lsm-tools, automatic module dev.cairn.lsm.tools) reads manifests, tables
    // and logs through the read-only inspection package; no one else may.
    exports dev.cairn.lsm.internal.inspect to dev.cairn.lsm.tools;
}
