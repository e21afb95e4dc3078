// Finds the optional LZ4 library (at.yawk.lz4:lz4-java) once, on first use, through the class
// loader that loaded Cairn, and hands out its codec. When the library is absent (or unusable),
// every use raises an LsmException that names the artifact to add; no NoClassDefFoundError
// escapes. Thread-safe: the answer is computed once by the JVM's class initialisation.
package dev.cairn.lsm.internal.sstable;

import dev.cairn.lsm.LsmException;

/** Whether LZ4 can be used, and its codec when it can. */
final class Lz4Library {
    /** The Maven coordinates of the library LZ4 needs. */
    static final String ARTIFACT = "at.yawk.lz4:lz4-java";
    /** The class whose presence says the library is on the class path. */
    static final String PROBE_CLASS = "net.jpountz.lz4.LZ4Factory";

    private Lz4Library() {
    }

    /** Detected on first use of {@link #codec}, not when the store's classes load. */
    private static final class Detected {
        static final Lz4Codec CODEC;
        static final Throwable MISSING;

        static {
            Lz4Codec codec = null;
            Throwable missing = null;
            try {
                Class.forName(PROBE_CLASS, false, Lz4Library.class.getClassLoader());
                codec = new JpountzLz4Codec();
            } catch (ClassNotFoundException | LinkageError e) {
                // Absent, or present in a version without the API used here.
                missing = e;
            }
            CODEC = codec;
            MISSING = missing;
        }
    }

    /**
     * Fails unless the LZ4 library is available.
     *
     * @param why what needs LZ4, for the message ("the store is configured with Compression.LZ4")
     * @throws LsmException naming the artifact to add when the library is missing
     */
    static void require(String why) {
        codec(why);
    }

    /**
     * @param why what needs LZ4, for the message
     * @return the codec
     * @throws LsmException naming the artifact to add when the library is missing
     */
    static Lz4Codec codec(String why) {
        Lz4Codec codec = Detected.CODEC;
        if (codec == null) {
            throw new LsmException(why + ", and LZ4 needs the library " + ARTIFACT + " (1.14.1 or later),"
                    + " which is not on the class path: lsm-core declares it optional, so add it to your"
                    + " build as a dependency (" + Detected.MISSING + ")", Detected.MISSING);
        }
        return codec;
    }
}
