// What a column family handle shows the batch encoder: its id within its store. The engine's
// handles implement it; the engine checks, before a batch is written, that every handle a batch
// names is one of its live families. Implementations are immutable.
package dev.cairn.lsm.internal.batch;

/** A column family handle as the batch layout sees it. */
public interface FamilyTag {
    /** @return the family's id within its store: 0 for the default family */
    int familyId();
}
