// Cairn through its Java API with the options of CairnAdapter plus AES-256-GCM encryption of
// every table, log and manifest, so a run beside "cairn" shows what encryption costs. The key is
// fixed: the benchmark measures the cipher, not key management. Thread-safe (LsmStore is).
package dev.cairn.bench.store;

import dev.cairn.lsm.Encryption;
import dev.cairn.lsm.StoreOptions;

/** Adapter for Cairn's Java API with encryption at rest. */
public final class CairnEncryptedAdapter extends CairnAdapter {
    private static final byte[] KEY = new byte[32];

    static {
        for (int i = 0; i < KEY.length; i++) {
            KEY[i] = (byte) (i * 37 + 11);
        }
    }

    /** Creates the factory. */
    public CairnEncryptedAdapter() {
    }

    @Override
    protected StoreOptions storeOptions(StoreConfig config) {
        return options(config).toBuilder().encryption(Encryption.aesGcm(KEY)).build();
    }

    @Override
    protected String name() {
        return "cairn-encrypted";
    }
}
