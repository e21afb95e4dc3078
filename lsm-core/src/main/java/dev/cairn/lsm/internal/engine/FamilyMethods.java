// The column-family methods of the LsmStore implementation (StoreEngine extends this class): the
// family admin (create, find, list, drop, retune) handed to the ColumnFamilySet, point reads of a
// family or the default one, which end in the store's read path, and the history of a family's keys
// or the default one's (VersionedReads). Thread-safe as the store is.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.ColumnFamily;
import dev.cairn.lsm.ColumnFamilyOptions;
import dev.cairn.lsm.EventListener;
import dev.cairn.lsm.IncompleteReadException;
import dev.cairn.lsm.LsmStore;
import dev.cairn.lsm.ReadOptions;
import dev.cairn.lsm.Version;
import java.util.List;
import java.util.stream.Stream;

/** The store's column-family methods; see the file comment. */
abstract class FamilyMethods implements LsmStore {
    /** The store's column families; set once by the store's constructor. */
    ColumnFamilySet families;
    /** The store's event listener; set once by the store's constructor. */
    EventListener listener;
    /** The store's versioned reads; set once by the store's constructor. */
    VersionedReads versioned;

    /** @throws dev.cairn.lsm.StoreClosedException when the store is closed */
    abstract void checkOpen();

    /** @return the value, null when absent, or {@link PointLookup#NEEDS_IO} when the tier stopped the read */
    abstract byte[] read(Keyspace ks, byte[] key, ReadOptions options);

    @Override
    public byte[] get(byte[] key, ReadOptions options) {
        return present(read(families.defaultFamily(), key, options));
    }

    @Override
    public byte[] getOrIncomplete(byte[] key, ReadOptions options, byte[] incomplete) {
        byte[] value = read(families.defaultFamily(), key, options);
        return value == PointLookup.NEEDS_IO ? incomplete : value;
    }

    @Override
    public byte[] get(ColumnFamily family, byte[] key, ReadOptions options) {
        checkOpen();
        return present(read(families.check(family), key, options));
    }

    /** @return {@code value}, unless the read tier stopped the read: then IncompleteReadException */
    private static byte[] present(byte[] value) {
        if (value == PointLookup.NEEDS_IO) {
            throw new IncompleteReadException("the value of a key is not in memory (read it with ReadTier.ALL)");
        }
        return value;
    }

    @Override
    public ColumnFamily createColumnFamily(String name, ColumnFamilyOptions options) {
        checkOpen();
        return families.create(name, options);
    }

    @Override
    public ColumnFamily columnFamily(String name) {
        checkOpen();
        return families.byName(name);
    }

    @Override
    public List<ColumnFamily> columnFamilies() {
        checkOpen();
        return List.copyOf(families.live());
    }

    @Override
    public void dropColumnFamily(ColumnFamily family) {
        checkOpen();
        families.drop(family);
    }

    @Override
    public void setOptions(ColumnFamily family, ColumnFamilyOptions options) {
        checkOpen();
        families.setOptions(family, options, listener);
    }

    @Override
    public List<Version> history(byte[] key) {
        checkOpen();
        return versioned.history(families.defaultFamily(), key);
    }

    @Override
    public Stream<Version> historyStream(byte[] from, byte[] to) {
        checkOpen();
        return versioned.historyStream(families.defaultFamily(), from, to);
    }

    @Override
    public List<Version> historyOf(ColumnFamily family, byte[] key) {
        checkOpen();
        return versioned.history(families.check(family), key);
    }

    @Override
    public Stream<Version> historyStream(ColumnFamily family, byte[] from, byte[] to) {
        checkOpen();
        return versioned.historyStream(families.check(family), from, to);
    }
}
