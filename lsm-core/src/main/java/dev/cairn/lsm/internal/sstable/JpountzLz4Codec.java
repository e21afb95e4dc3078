// Lz4Codec over lz4-java (artifact at.yawk.lz4:lz4-java, packages net.jpountz), the pure-Java
// safe instance only: no JNI, no sun.misc.Unsafe. The only class that names net.jpountz, so
// the library is linked only when Lz4Library has found it. Stateless and thread-safe.
package dev.cairn.lsm.internal.sstable;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/** LZ4 through lz4-java's pure-Java safe compressor and decompressor. */
final class JpountzLz4Codec implements Lz4Codec {
    private final LZ4Compressor compressor;
    private final LZ4SafeDecompressor decompressor;

    JpountzLz4Codec() {
        // safeInstance(): bounds-checked Java; never the native or Unsafe-based instances.
        LZ4Factory safe = LZ4Factory.safeInstance();
        this.compressor = safe.fastCompressor();
        this.decompressor = safe.safeDecompressor();
    }

    @Override
    public int maxCompressedLength(int length) {
        return compressor.maxCompressedLength(length);
    }

    @Override
    public int compress(byte[] src, int srcOff, int length, byte[] dest, int destOff, int maxDestLength) {
        return compressor.compress(src, srcOff, length, dest, destOff, maxDestLength);
    }

    @Override
    public int decompress(byte[] src, int srcOff, int srcLength, byte[] dest, int destOff, int maxDestLength)
            throws MalformedInputException {
        try {
            return decompressor.decompress(src, srcOff, srcLength, dest, destOff, maxDestLength);
        } catch (RuntimeException e) {
            // LZ4Exception for malformed input; any other runtime error from forged input is the
            // same finding, and must not escape as an index error.
            throw new MalformedInputException(String.valueOf(e.getMessage()), e);
        }
    }
}
