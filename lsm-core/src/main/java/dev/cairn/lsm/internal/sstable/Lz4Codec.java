// The LZ4 block codec as the table code sees it: raw LZ4 blocks, no frame. The one
// implementation, JpountzLz4Codec, is the only class that names the optional lz4-java library;
// Lz4Library finds it. Implementations are stateless and thread-safe.
package dev.cairn.lsm.internal.sstable;

/** Compresses and decompresses raw LZ4 blocks between byte arrays. */
interface Lz4Codec {
    /**
     * @param length bytes to compress
     * @return the most bytes {@link #compress} can write for {@code length} input bytes
     */
    int maxCompressedLength(int length);

    /**
     * Compresses {@code src[srcOff, srcOff + length)} into {@code dest} from {@code destOff}.
     *
     * @param maxDestLength room in {@code dest}, at least {@link #maxCompressedLength}
     * @return the bytes written
     */
    int compress(byte[] src, int srcOff, int length, byte[] dest, int destOff, int maxDestLength);

    /**
     * Decompresses {@code src[srcOff, srcOff + srcLength)} into {@code dest[destOff, destOff +
     * maxDestLength)}. Never reads or writes {@code dest} outside that range, whatever the input.
     *
     * @return the bytes written
     * @throws MalformedInputException if the input is not one complete LZ4 block that fits
     */
    int decompress(byte[] src, int srcOff, int srcLength, byte[] dest, int destOff, int maxDestLength)
            throws MalformedInputException;

    /** The input is not a valid LZ4 block (or decodes to more than the room given). */
    final class MalformedInputException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedInputException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
