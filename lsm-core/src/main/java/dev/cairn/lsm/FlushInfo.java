// What a memtable flush did, as an EventListener hears it at its begin and end. Immutable.
package dev.cairn.lsm;

import java.time.Duration;

/**
 * What a memtable flush did, reported to {@link EventListener}.
 *
 * @param tableNumber the file number of the table written (0 if the memtable was empty)
 * @param entries entries written
 * @param bytesWritten bytes of table written
 * @param duration how long the flush took (zero at begin)
 * @param family the name of the column family flushed ({@link ColumnFamily#DEFAULT_NAME} for the default)
 */
public record FlushInfo(long tableNumber, long entries, long bytesWritten, Duration duration, String family) {
    /**
     * A flush of the default family.
     *
     * @param tableNumber the file number of the table written
     * @param entries entries written
     * @param bytesWritten bytes of table written
     * @param duration how long the flush took
     */
    public FlushInfo(long tableNumber, long entries, long bytesWritten, Duration duration) {
        this(tableNumber, entries, bytesWritten, duration, ColumnFamily.DEFAULT_NAME);
    }
}
