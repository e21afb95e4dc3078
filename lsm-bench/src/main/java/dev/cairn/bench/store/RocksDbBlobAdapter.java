// RocksDB with its integrated BlobDB: the options of RocksDbAdapter plus setEnableBlobFiles(true),
// values from 4096 bytes in blob files and blob garbage collection on, so a run beside "rocksdb"
// and "cairn-blob" compares key-value separation. Thread-safe (RocksDB is).
package dev.cairn.bench.store;

/** Adapter for RocksDB with blob files. */
public final class RocksDbBlobAdapter extends RocksDbAdapter {
    /** Creates the factory. */
    public RocksDbBlobAdapter() {
    }

    @Override
    protected String name() {
        return "rocksdb-blob";
    }

    @Override
    protected boolean blobFiles() {
        return true;
    }
}
