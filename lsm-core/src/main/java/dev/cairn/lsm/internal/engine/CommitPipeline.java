// Group commit: writers queue encoded batches, one leader at a time commits groups as one log
// record through the write side (the Committer it is handed) and hands acknowledgement and
// leadership on; an asynchronous leader that meets a write stall hands the lead on instead of
// waiting. Thread-safe; its queue is guarded by its own monitor, never held with the store lock.
package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.internal.batch.BatchFormat;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Group commit. Writers queue their encoded batches; the first writer to find no leader becomes
 * the leader and commits groups: it makes room (memtable switch, write stalls), assigns sequence
 * numbers, appends the whole group as ONE log record (one write call, and one fsync if any member
 * asked for it), inserts it into the memtable, publishes the new last sequence and acknowledges
 * the group. Followers never touch the log. An asynchronous writer that becomes leader does the
 * work on its own thread (the append, and the fsync when asked) but never waits for another
 * writer or for background work.
 *
 * <p>Write stalls. Making room may mean waiting for background work (memtables waiting for
 * flush, level 0 at its stop or slowdown count). A blocked writer's thread waits that out, as its
 * caller expects; an asynchronous leader does not: told that it would have to wait
 * ({@link Committer#makeRoomForWrite} returns false, having changed nothing), it puts its group
 * back at the head of the queue, hands the lead to a blocked writer still queued or else to a
 * thread of its own (the stall leader, ending when the queue is empty), and returns. Its future
 * and those queued after it complete once the stall is over: {@code writeAsync} never waits out a
 * stall on its caller's thread, and a Kotlin {@code put} suspends. Queued writes wait in memory.
 *
 * <p>Acknowledging a group is handed off: the leader wakes ONE blocked member (the delegate),
 * which completes the other members' futures on its own thread, while the leader goes straight on
 * to the next group's append and fsync. Waking a dozen parked threads costs a system call each and
 * on a small machine lets the woken threads preempt the leader; done by the leader, that work sat
 * between two fsyncs and halved the group sizes of synced writers.
 *
 * <p>Leadership is handed off too: once its own write is committed and it has led for
 * {@link #MAX_LEAD_NANOS}, a leader passes the lead to a blocked writer still queued and returns
 * to its caller (a leader that kept the lead while others kept queuing made no progress of its
 * own: its thread's later writes all came after everyone else's, each synced alone). With no
 * blocked writer queued (asynchronous writers only), the leader goes on.
 *
 * <p>A member may carry a {@link Validation} (a transaction's conflict check). The leader runs it
 * after making room and right before the group's sequence numbers are assigned, so no other
 * commit can land between the check and the write; it also sees the writes of the members ahead
 * of it in the same group ({@link GroupWrites}). A member whose check fails is left out and the
 * rest of the group is committed; it is failed once the group is in the memtable, so a caller
 * that runs its transaction again at once sees the writes it conflicted with.
 *
 * <p>Every member is acknowledged only after the group's record is in the log (and synced when
 * asked) and in the memtable. Thread-safe.
 */
final class CommitPipeline {
    /** Upper bound of one group's record, so a group never grows without limit. */
    private static final int MAX_GROUP_BYTES = 4 << 20;
    /**
     * How long a leader whose own write is done keeps the lead before passing it on. Passing costs
     * a thread wake-up between two groups; in fillsync runs (32 synced writers) 1 ms stints were
     * measurably slower than 5-10 ms ones, and never passing starves the leader's own thread.
     */
    static final long MAX_LEAD_NANOS = 5_000_000L;

    /**
     * What the pipeline commits through: the write side, which hands itself over as this narrow
     * interface when it creates its pipeline. Called by the leader only, one group at a time.
     */
    interface Committer {
        /**
         * Switches memtables when full and stalls while background work is behind.
         *
         * @param mayWait whether the calling thread may wait for background work
         * @return true when the group may be appended; false only when {@code mayWait} is false and
         *     making room means waiting (then nothing was changed but background work asked for)
         */
        boolean makeRoomForWrite(boolean mayWait);

        /**
         * Freezes a non-empty active memtable so a flush can write it.
         *
         * @param mayWait whether the calling thread may wait for a flush to free a memtable slot
         * @return false, with nothing done, when it would have to wait and may not
         */
        boolean switchMemtableForFlush(boolean mayWait);

        /** @return the sequence number of the newest applied write */
        long lastSequence();

        /** @return the commit time of a group: the clock's epoch millis, never below an earlier group's */
        long now();

        /** Appends one group record to the log and applies it to the memtable. */
        void appendAndApply(byte[] record, int count, long time, boolean sync);
    }

    /**
     * A check the leader runs on one member before the group is sequenced: a transaction's
     * conflict validation. Throwing refuses that member alone.
     */
    interface Validation {
        /**
         * @param earlier the writes of the members ahead of this one in its group, not yet in the
         *     memtable
         */
        void validate(GroupWrites earlier);
    }

    /** One queued write, or a request to switch the memtable ({@link #memtableSwitch()}). */
    static final class Pending {
        /** Marks a waiter that has stopped waiting: nothing may be handed to it any more. */
        private static final Object GONE = new Object();
        /** Handed to a queued blocked writer: it becomes the leader. */
        private static final Object LEAD = new Object();
        private static final byte[] NO_RECORD = new byte[0];

        /** The encoded batch; empty for a memtable switch. */
        final byte[] rep;
        /** Whether this is a request to freeze the memtable (for a flush) rather than a write. */
        final boolean switchesMemtable;
        final boolean sync;
        /** Run by the leader before the group is sequenced, or null. */
        final Validation validation;
        /** The thread that waits through {@link #await}, or null for an asynchronous write. */
        final Thread owner;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        /** null, LEAD, the members this writer acknowledges for the leader (a List), or GONE. */
        private final AtomicReference<Object> handoff = new AtomicReference<>();

        /**
         * A write.
         *
         * @param rep the encoded batch
         * @param sync whether the write is synced before it is acknowledged
         * @param blocking whether the calling thread will wait through {@link #await}
         */
        Pending(byte[] rep, boolean sync, boolean blocking) {
            this(rep, false, sync, blocking, null);
        }

        /**
         * A write the leader validates first (a transaction's commit).
         *
         * @param validation run right before the group is sequenced; throwing refuses this write
         */
        Pending(byte[] rep, boolean sync, boolean blocking, Validation validation) {
            this(rep, false, sync, blocking, validation);
        }

        private Pending(byte[] rep, boolean switchesMemtable, boolean sync, boolean blocking, Validation validation) {
            this.rep = rep;
            this.switchesMemtable = switchesMemtable;
            this.sync = sync;
            this.validation = validation;
            this.owner = blocking ? Thread.currentThread() : null;
        }

        /**
         * @return a request to freeze the active memtable (if it holds anything) so a flush can
         *     write it; committed alone, in queue order with the writes around it; the calling
         *     thread waits for it through {@link #await}
         */
        static Pending memtableSwitch() {
            return new Pending(NO_RECORD, true, false, true, null);
        }

        /**
         * Waits for the write (its owner only, after {@link #submit}). While waiting it may be
         * made the leader (then it leads) and, once its write is acknowledged, it acknowledges
         * whatever the leader handed to it, also when the wait ends by interruption, so no member
         * is left waiting.
         *
         * @throws ExecutionException if the write failed
         * @throws InterruptedException if interrupted while waiting (the write may still happen)
         */
        void await(CommitPipeline pipeline) throws ExecutionException, InterruptedException {
            boolean interrupted = false;
            try {
                while (!done.isDone()) {
                    if (handoff.get() == LEAD) {
                        handoff.set(null);
                        pipeline.lead(this);
                        continue;
                    }
                    LockSupport.park(this);
                    if (Thread.interrupted()) {
                        if (handoff.compareAndSet(null, GONE)) {
                            throw new InterruptedException("interrupted while waiting for a group commit");
                        }
                        // The lead or a hand-off arrived first: honour it, keep the interrupt for later.
                        interrupted = true;
                    }
                }
                done.get();
            } finally {
                Object h = handoff.getAndSet(GONE);
                if (h instanceof List<?> members) {
                    for (Object m : members) {
                        ((Pending) m).complete();
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        void complete() {
            done.complete(null);
            wake();
        }

        void fail(Throwable t) {
            done.completeExceptionally(t);
            wake();
        }

        private void wake() {
            if (owner != null) {
                LockSupport.unpark(owner);
            }
        }

        /** Leader: hands {@code members} to this writer; false if it no longer waits. */
        private boolean takeHandoff(List<Pending> members) {
            return handoff.compareAndSet(null, members);
        }

        /** Leader: makes this queued writer the next leader; false if it no longer waits. */
        private boolean takeLead() {
            if (owner == null || !handoff.compareAndSet(null, LEAD)) {
                return false;
            }
            LockSupport.unpark(owner);
            return true;
        }
    }

    private final Committer committer;
    /** The name of a stall leader's thread. */
    private final String stallThreadName;
    /** Guarded by its own monitor (the queue lock), never held with the store lock. */
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    /** Guarded by the queue lock: whether some thread leads. */
    private boolean leaderActive;

    /**
     * @param committer the write side this pipeline commits through
     * @param stallThreadName the name of the thread that leads through a stall met by an
     *     asynchronous leader
     */
    CommitPipeline(Committer committer, String stallThreadName) {
        this.committer = committer;
        this.stallThreadName = stallThreadName;
    }

    /**
     * Queues a write and, when no other thread leads, commits it (and whatever else is queued) on
     * this thread.
     *
     * @param p the write
     * @return the write's future
     */
    CompletableFuture<Void> submit(Pending p) {
        synchronized (queue) {
            queue.add(p);
            if (leaderActive) {
                return p.done;
            }
            leaderActive = true;
        }
        lead(p);
        return p.done;
    }

    /** @return true while some thread is committing */
    boolean busy() {
        synchronized (queue) {
            return leaderActive || !queue.isEmpty();
        }
    }

    /**
     * Commits groups until the queue is empty or the lead has been passed on.
     *
     * @param mine the leader's own write, which is never made a delegate; null for the stall leader
     */
    private void lead(Pending mine) {
        long start = System.nanoTime();
        boolean mineCommitted = mine == null;
        // Only an asynchronous writer's thread must not wait for background work.
        boolean mayWait = mine == null || mine.owner != null;
        while (true) {
            // A fresh list per group: a delegate may still be walking the previous one.
            List<Pending> group = new ArrayList<>();
            boolean hasMine = false;
            synchronized (queue) {
                if (mineCommitted && System.nanoTime() - start >= MAX_LEAD_NANOS && passLead()) {
                    return;
                }
                int bytes = 0;
                while (!queue.isEmpty()) {
                    Pending next = queue.peek();
                    if (next.switchesMemtable) {
                        if (group.isEmpty()) {
                            group.add(queue.poll());
                            hasMine |= next == mine;
                        }
                        break;
                    }
                    if (!group.isEmpty() && bytes + next.rep.length > MAX_GROUP_BYTES) {
                        break;
                    }
                    bytes += next.rep.length;
                    group.add(queue.poll());
                    hasMine |= next == mine;
                }
                if (group.isEmpty()) {
                    leaderActive = false;
                    queue.notifyAll();
                    return;
                }
            }
            boolean committed = true;
            try {
                committed = group.get(0).switchesMemtable
                        ? committer.switchMemtableForFlush(mayWait) : commit(group, mayWait);
                if (committed) {
                    mineCommitted |= hasMine;
                    acknowledge(group, mine);
                }
            } catch (Throwable t) {
                mineCommitted |= hasMine;
                for (Pending p : group) {
                    p.fail(t);
                }
                if (t instanceof Error e && !(t instanceof AssertionError)) {
                    synchronized (queue) {
                        leaderActive = false;
                        queue.notifyAll();
                    }
                    throw e;
                }
            }
            if (!committed) {
                if (handOffStalled(group)) {
                    return;
                }
                mayWait = true; // no thread could be started: wait here rather than leave the queue unled
            }
        }
    }

    /**
     * An asynchronous leader met a stall: puts {@code group} back at the head of the queue and
     * hands the lead to a blocked writer queued, or else to a new stall leader thread.
     *
     * @return false when no thread could be started (the caller leads on)
     */
    private boolean handOffStalled(List<Pending> group) {
        synchronized (queue) {
            for (int i = group.size() - 1; i >= 0; i--) {
                queue.addFirst(group.get(i));
            }
            if (passLead()) {
                return true;
            }
        }
        try {
            Thread stallLeader = new Thread(() -> lead(null), stallThreadName);
            stallLeader.setDaemon(true);
            stallLeader.start();
            return true;
        } catch (OutOfMemoryError | SecurityException e) {
            return false;
        }
    }

    /** Queue lock held: makes the first blocked writer still queued the leader; false if none. */
    private boolean passLead() {
        for (Pending p : queue) {
            if (p.takeLead()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Completes every member's future: the first blocked member that still waits acknowledges the
     * others after it wakes; members before it, and all of them when none waits, are completed
     * here. The leader's own write is never a delegate (it is not parked).
     */
    static void acknowledge(List<Pending> group, Pending mine) {
        int n = group.size();
        for (int i = 0; i < n; i++) {
            Pending p = group.get(i);
            if (p.owner != null && p != mine && i < n - 1 && p.takeHandoff(group.subList(i + 1, n))) {
                p.complete();
                return;
            }
            p.complete();
        }
    }

    /** Waits until no write is queued or being committed. */
    void awaitIdle() throws InterruptedException {
        synchronized (queue) {
            while (leaderActive || !queue.isEmpty()) {
                queue.wait();
            }
        }
    }

    /** @return false, with nothing done, when making room means waiting and {@code mayWait} is false */
    private boolean commit(List<Pending> all, boolean mayWait) {
        if (!committer.makeRoomForWrite(mayWait)) {
            return false;
        }
        List<Runnable> rejections = new ArrayList<>(0);
        List<Pending> group = GroupWrites.validated(all, rejections);
        if (group.isEmpty()) {
            rejections.forEach(Runnable::run);
            return true;
        }
        boolean sync = false;
        int count = 0;
        int size = BatchFormat.HEADER;
        for (Pending p : group) {
            sync |= p.sync;
            count += BatchFormat.count(p.rep);
            size += BatchFormat.operationsLength(p.rep);
        }
        byte[] record = GroupWrites.record(group, size);
        long first = committer.lastSequence() + 1;
        long time = committer.now();
        BatchFormat.writeHeader(record, first, time, count);
        committer.appendAndApply(record, count, time, sync);
        rejections.forEach(Runnable::run); // now that what they met is visible (a failed append fails them all)
        return true;
    }
}
