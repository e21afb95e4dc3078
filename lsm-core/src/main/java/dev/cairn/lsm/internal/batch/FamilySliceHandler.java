// Receives the operations of an encoded batch as slices of the record, each with the id of the
// column family it belongs to (0, the default family, for records written before families).
package dev.cairn.lsm.internal.batch;

/** Receives a batch's operations with their column family; see {@link BatchFormat#iterateFamilySlices}. */
public interface FamilySliceHandler {
    /**
     * As {@link BatchFormat.SliceHandler#op}, for the column family {@code family}.
     *
     * @param family the operation's column family id (0: the default family)
     * @param rep the record
     * @param kind the operation's kind, the family bit cleared
     * @param aOff offset of the key (or range start)
     * @param aLen its length
     * @param bOff offset of the value (or range end); -1 for a delete
     * @param bLen its length
     * @param seq sequence number of this operation
     */
    void op(int family, byte[] rep, byte kind, int aOff, int aLen, int bOff, int bLen, long seq);
}
