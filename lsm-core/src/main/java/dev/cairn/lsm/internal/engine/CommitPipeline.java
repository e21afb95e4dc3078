package dev.cairn.lsm.internal.engine;

import dev.cairn.lsm.internal.batch.BatchFormat;
import dev.cairn.lsm.internal.util.Bytes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Group commit. Writers queue their encoded batches; the first writer to find no leader becomes
 * the leader and commits groups until the queue is empty: it makes room (memtable switch, write
 * stalls), assigns sequence numbers, appends the whole group as ONE log record (one write call,
 * and one fsync if any member asked for it), inserts it into the memtable, publishes the new last
 * sequence and completes every member's future. Followers never touch the log. An asynchronous
 * writer that becomes leader does the work on its own thread but never parks waiting for another
 * writer. Thread-safe.
 */
final class CommitPipeline {
    /** Upper bound of one group's record, so a group never grows without limit. */
    private static final int MAX_GROUP_BYTES = 4 << 20;

    /** One queued write. A null rep is a request to switch the memtable (flush). */
    static final class Pending {
        final byte[] rep;
        final boolean sync;
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Pending(byte[] rep, boolean sync) {
            this.rep = rep;
            this.sync = sync;
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
        lead();
        return p.done;
    }

    /** @return true while some thread is committing */
    boolean busy() {
        synchronized (queue) {
            return leaderActive || !queue.isEmpty();
        }
    }

    private void lead() {
        List<Pending> group = new ArrayList<>();
        while (true) {
            group.clear();
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
                for (Pending p : group) {
                    p.done.complete(null);
                }
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
