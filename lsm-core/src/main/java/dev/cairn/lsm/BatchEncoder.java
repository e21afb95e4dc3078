// How a WriteBatch reaches the encoder it fills without naming the engine's classes: the batch
// layout has one owner, dev.cairn.lsm.internal.batch.BatchFormat, whose Builder appends each
// operation in the logged form as it is added (so a commit copies the batch once). This class finds
// the Builder's constructor and methods reflectively once, when the first batch is created, and
// calls them through constant MethodHandles, which the JIT compiles to direct calls; a WriteBatch
// holds its Builder as an Object. The engine reads that field back itself (it may name API types).
// Stateless; thread-safe (each Builder belongs to one WriteBatch, which is not).
package dev.cairn.lsm;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/** Typed calls into the batch layout's encoder. */
final class BatchEncoder {
    /** The encoder class, BatchFormat.Builder. */
    static final String BUILDER = "dev.cairn.lsm.internal.batch.BatchFormat$Builder";

    private static final MethodHandle CREATE;
    private static final MethodHandle PUT;
    private static final MethodHandle DELETE;
    private static final MethodHandle MERGE;
    private static final MethodHandle DELETE_RANGE;
    private static final MethodHandle COUNT;
    private static final MethodHandle SIZE;
    private static final MethodHandle CLEAR;

    static {
        try {
            Class<?> builder = Class.forName(BUILDER, true, BatchEncoder.class.getClassLoader());
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            // Each operation takes the column family handle first (null: the default family).
            MethodType twoKeys = MethodType.methodType(void.class, Object.class, byte[].class, byte[].class);
            CREATE = lookup.findConstructor(builder, MethodType.methodType(void.class))
                    .asType(MethodType.methodType(Object.class));
            PUT = erase(lookup.findVirtual(builder, "put", twoKeys));
            MERGE = erase(lookup.findVirtual(builder, "merge", twoKeys));
            DELETE = erase(lookup.findVirtual(builder, "delete", MethodType.methodType(void.class, Object.class, byte[].class)));
            DELETE_RANGE = erase(lookup.findVirtual(builder, "deleteRange", twoKeys));
            COUNT = erase(lookup.findVirtual(builder, "count", MethodType.methodType(int.class)));
            SIZE = erase(lookup.findVirtual(builder, "size", MethodType.methodType(int.class)));
            CLEAR = erase(lookup.findVirtual(builder, "clear", MethodType.methodType(void.class)));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("lsm-core is incomplete: its batch encoder (" + BUILDER
                    + ") cannot be found", e);
        }
    }

    private BatchEncoder() {
    }

    /** @return the handle with its receiver typed as Object */
    private static MethodHandle erase(MethodHandle h) {
        return h.asType(h.type().changeParameterType(0, Object.class));
    }

    /** @return a new, empty encoder */
    static Object create() {
        try {
            return (Object) CREATE.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void put(Object encoder, ColumnFamily family, byte[] key, byte[] value) {
        try {
            PUT.invokeExact(encoder, (Object) family, key, value);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void merge(Object encoder, ColumnFamily family, byte[] key, byte[] operand) {
        try {
            MERGE.invokeExact(encoder, (Object) family, key, operand);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void delete(Object encoder, ColumnFamily family, byte[] key) {
        try {
            DELETE.invokeExact(encoder, (Object) family, key);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void deleteRange(Object encoder, ColumnFamily family, byte[] from, byte[] to) {
        try {
            DELETE_RANGE.invokeExact(encoder, (Object) family, from, to);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** @return the number of operations added */
    static int count(Object encoder) {
        try {
            return (int) COUNT.invokeExact(encoder);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** @return the encoded size in bytes, header included */
    static int size(Object encoder) {
        try {
            return (int) SIZE.invokeExact(encoder);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void clear(Object encoder) {
        try {
            CLEAR.invokeExact(encoder);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The encoder throws only unchecked exceptions (a batch past 2 GiB); anything else is a bug. */
    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("batch encoder failed", t);
    }
}
