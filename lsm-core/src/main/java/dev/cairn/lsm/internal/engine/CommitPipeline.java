package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.internal.batch.BatchFormat;
import dev.cairn.lsm.internal.util.Bytes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Group commit. Writers queue their encoded batches; the first writer to find no leader becomes
 * the leader and commits groups until the queue is empty: it makes room (memtable switch, write
 * stalls), assigns sequence numbers, appends the whole group as ONE log record (one write call,
 * and one fsync if any member asked for it), inserts it into the memtable, publishes the new last
 * sequence and acknowledges the group. Followers never touch the log. An asynchronous writer that
 * becomes leader does the work on its own thread but never parks waiting for another writer.
 *
 * <p>Acknowledging a group is handed off: the leader wakes ONE blocked member (the delegate),
 * which completes the other members' futures on its own thread, while the leader goes straight on
 * to the next group's append and fsync. Waking a dozen parked threads costs a system call each and
 * on a small machine lets the woken threads preempt the leader; done by the leader, that work sat
 * between two fsyncs and halved the group sizes of synced writers. Every member is still
 * acknowledged only after the group's record is in the log (and synced when asked) and in the
 * memtable. Thread-safe.
 */
final class CommitPipeline {
    /** Upper bound of one group's record, so a group never grows without limit. */
    private static final int MAX_GROUP_BYTES = 4 << 20;

    /** One queued write. A null rep is a request to switch the memtable (flush). */
    static final class Pending {
        /** Marks a waiter that has stopped waiting: nothing may be handed to it any more. */
        private static final Object GONE = new Object();

        final byte[] rep;
        final boolean sync;
        /** Whether a thread waits for this write through {@link #await()} (only then can it be a delegate). */
        final boolean blocking;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        /** null, then the members this writer acknowledges for the leader (a List), or GONE. */
        private final AtomicReference<Object> handoff = new AtomicReference<>();

        Pending(byte[] rep, boolean sync) {
            this(rep, sync, false);
        }

        Pending(byte[] rep, boolean sync, boolean blocking) {
            this.rep = rep;
            this.sync = sync;
            this.blocking = blocking;
        }

        /**
         * Waits for the write (blocking writers only), then acknowledges whatever the leader handed
         * to this writer, also when the wait ends by interruption, so no member is left waiting.
         *
         * @throws ExecutionException if the write failed
         * @throws InterruptedException if interrupted while waiting (the write may still happen)
         */
        void await() throws ExecutionException, InterruptedException {
            try {
                done.get();
            } finally {
                Object h = handoff.getAndSet(GONE);
                if (h instanceof List<?> members) {
                    for (Object m : members) {
                        ((Pending) m).done.complete(null);
                    }
                }
            }
        }

        /** Leader: hands {@code members} to this writer; false if it no longer waits. */
        private boolean takeHandoff(List<Pending> members) {
            return handoff.compareAndSet(null, members);
        }
    }

    private final StoreState engine;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private boolean leaderActive;

    CommitPipeline(StoreState engine) {
        this.engine = engine;
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

    /** @param mine the leader's own write, which is never made a delegate */
    private void lead(Pending mine) {
        while (true) {
            // A fresh list per group: a delegate may still be walking the previous one.
            List<Pending> group = new ArrayList<>();
            synchronized (queue) {
                int bytes = 0;
                while (!queue.isEmpty()) {
                    Pending next = queue.peek();
                    if (next.rep == null) {
                        if (group.isEmpty()) {
                            group.add(queue.poll());
                        }
                        break;
                    }
                    if (!group.isEmpty() && bytes + next.rep.length > MAX_GROUP_BYTES) {
                        break;
                    }
                    bytes += next.rep.length;
                    group.add(queue.poll());
                }
                if (group.isEmpty()) {
                    leaderActive = false;
                    queue.notifyAll();
                    return;
                }
            }
            try {
                if (group.get(0).rep == null) {
                    engine.switchMemtableForFlush();
                } else {
                    commit(group);
                }
                acknowledge(group, mine);
            } catch (Throwable t) {
                for (Pending p : group) {
                    p.done.completeExceptionally(t);
                }
                if (t instanceof Error e && !(t instanceof AssertionError)) {
                    synchronized (queue) {
                        leaderActive = false;
                        queue.notifyAll();
                    }
                    throw e;
                }
            }
        }
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
            if (p.blocking && p != mine && i < n - 1 && p.takeHandoff(group.subList(i + 1, n))) {
                p.done.complete(null);
                return;
            }
            p.done.complete(null);
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

    private void commit(List<Pending> group) {
        engine.makeRoomForWrite();
        boolean sync = false;
        int count = 0;
        int size = BatchFormat.HEADER;
        for (Pending p : group) {
            sync |= p.sync;
            count += BatchFormat.count(p.rep);
            size += p.rep.length - BatchFormat.HEADER;
        }
        byte[] record;
        if (group.size() == 1) {
            record = group.get(0).rep;
        } else {
            record = new byte[size];
            int at = BatchFormat.HEADER;
            for (Pending p : group) {
                int n = p.rep.length - BatchFormat.HEADER;
                System.arraycopy(p.rep, BatchFormat.HEADER, record, at, n);
                at += n;
            }
        }
        long first = engine.lastSequence() + 1;
        long time = engine.now();
        Bytes.putLong(record, 0, first);
        Bytes.putLong(record, 8, time);
        Bytes.putInt(record, 16, count);
        engine.appendAndApply(record, count, time, sync);
    }
}
