// Cairn's crash-test kit as a Java module: fault-injecting and crash-simulating Okio file systems
// for testing code built on Cairn. Exports dev.cairn.lsm.testing only; reads the engine through
// its public API (dev.cairn.lsm), never its internal packages. Works on the class path as before.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.cairn.lsm.testing {
    requires transitive dev.cairn.lsm;
    requires transitive okio;
    requires kotlin.stdlib;

    exports dev.cairn.lsm.testing;
}
