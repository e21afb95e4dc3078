// How the engine reads what a WriteBatch holds: its BatchFormat.Builder, a private field of the
// public value type. The API offers no accessor (it would be public surface) and names nothing of
// the engine; the engine reads the field through a VarHandle found once, with the module's own
// access to its API package (the engine may name API types; the reverse is what is avoided). A
// constant VarHandle is compiled to a plain field load. Stateless; thread-safe.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.WriteBatch;
import dev.cairn.lsm.internal.batch.BatchFormat;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** Reads the encoder behind a {@link WriteBatch}. */
public final class BatchEncoding {
    private static final VarHandle ENCODED;

    static {
        try {
            ENCODED = MethodHandles.privateLookupIn(WriteBatch.class, MethodHandles.lookup())
                    .findVarHandle(WriteBatch.class, "encoded", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private BatchEncoding() {
    }

    /**
     * @param batch a public batch
     * @return its encoder, holding its operations in the logged form (docs/format.md, "Batch record")
     */
    public static BatchFormat.Builder of(WriteBatch batch) {
        return (BatchFormat.Builder) (Object) ENCODED.get(batch);
    }
}
