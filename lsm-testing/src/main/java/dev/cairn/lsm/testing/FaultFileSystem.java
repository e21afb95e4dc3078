// A ForwardingFileSystem that counts operations and fails chosen ones with an IOException.
// Thread-safe: counters and rules are guarded by the instance's monitor; the forwarded calls run
// outside it.
package dev.cairn.lsm.testing;

import dev.cairn.lsm.DirectorySync;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import okio.Buffer;
import okio.FileHandle;
import okio.FileMetadata;
import okio.FileSystem;
import okio.ForwardingFileSystem;
import okio.ForwardingSink;
import okio.ForwardingSource;
import okio.Path;
import okio.Sink;
import okio.Source;

/**
 * A file system that forwards to another and injects failures: {@link FaultRule}s fail the n-th
 * operation of a kind, once or from then on, and {@link #diskFull(long)} fails writes once a byte
 * budget is spent. Every operation is counted ({@link #count(FaultOperation)}), so a sweep can run
 * a workload once to learn K and then fail operation n for n = 1..K.
 *
 * <p>A failed operation throws {@link InjectedFaultException} before reaching the delegate, so it
 * has no effect, except a write over the disk-full budget, which writes the bytes that fit and
 * then throws (a short write). {@code listOrNull} reports a failure by returning null, as it
 * cannot throw. Closing a handle, source or sink is never failed, so a test can always clean up.
 *
 * <p>An {@link OperationObserver} set with {@link #observe} sees every operation before it runs;
 * crash tests use it to take crash clones in the middle of background work.
 *
 * <p>It implements {@link DirectorySync}: a directory sync counts as {@link FaultOperation#SYNC}
 * and is forwarded to the delegate when the delegate implements {@code DirectorySync}, or done
 * through {@code java.nio} when the delegate is {@link FileSystem#SYSTEM}.
 *
 * <pre>{@code
 * FaultFileSystem fs = new FaultFileSystem(new CrashFileSystem());
 * fs.failNth(FaultOperation.SYNC, 2);       // the second sync from now fails, once
 * fs.diskFull(1 << 20);                     // writes fail after 1 MiB more
 * fs.clearFaults();                         // back to normal
 * }</pre>
 */
public final class FaultFileSystem extends ForwardingFileSystem implements DirectorySync {
    private final FileSystem target;
    private final Map<FaultOperation, Long> counts = new EnumMap<>(FaultOperation.class);
    private final List<ActiveRule> rules = new ArrayList<>();
    private long total;
    private long injected;
    private long diskBudget = -1;
    private volatile OperationObserver observer;

    /** @param delegate the file system operations are forwarded to */
    public FaultFileSystem(FileSystem delegate) {
        super(delegate);
        this.target = delegate;
        for (FaultOperation op : FaultOperation.values()) {
            counts.put(op, 0L);
        }
    }

    private static final class ActiveRule {
        final FaultRule rule;
        long seen;
        boolean spent;

        ActiveRule(FaultRule rule) {
            this.rule = rule;
        }
    }

    // ---------------------------------------------------------------- rules

    /**
     * Adds a rule; its n counts matching operations from now.
     *
     * @param rule when to fail
     * @return this file system
     */
    public synchronized FaultFileSystem add(FaultRule rule) {
        if (rule == null) {
            throw new IllegalArgumentException("rule must not be null");
        }
        rules.add(new ActiveRule(rule));
        return this;
    }

    /**
     * Fails the n-th operation of a kind from now, once.
     *
     * @param operation the kind
     * @param n which one, counting from 1
     * @return this file system
     */
    public FaultFileSystem failNth(FaultOperation operation, long n) {
        return add(FaultRule.nth(operation, n));
    }

    /**
     * Fails the n-th operation of a kind from now and every one after it.
     *
     * @param operation the kind
     * @param n the first that fails, counting from 1
     * @return this file system
     */
    public FaultFileSystem failFromNth(FaultOperation operation, long n) {
        return add(FaultRule.nth(operation, n).persistent());
    }

    /**
     * Lets {@code budgetBytes} more bytes be written, then fails every write as a full disk would
     * (the write that crosses the budget writes what fits first).
     *
     * @param budgetBytes bytes that may still be written, 0 or more
     * @return this file system
     */
    public synchronized FaultFileSystem diskFull(long budgetBytes) {
        if (budgetBytes < 0) {
            throw new IllegalArgumentException("budgetBytes must not be negative, was " + budgetBytes);
        }
        diskBudget = budgetBytes;
        return this;
    }

    /**
     * Sets the observer told of every operation before it runs (and before it may be failed).
     *
     * @param value the observer, or null for none
     * @return this file system
     */
    public FaultFileSystem observe(OperationObserver value) {
        observer = value;
        return this;
    }

    /** Removes every rule and the disk-full budget; counts and the observer are kept. */
    public synchronized void clearFaults() {
        rules.clear();
        diskBudget = -1;
    }

    /**
     * @param operation a kind of operation
     * @return how many of them were attempted (failed ones included) since creation or {@link #resetCounts()}
     */
    public synchronized long count(FaultOperation operation) {
        return counts.get(operation);
    }

    /** @return how many operations of any kind were attempted since creation or {@link #resetCounts()} */
    public synchronized long totalCount() {
        return total;
    }

    /** @return how many failures were injected since creation or {@link #resetCounts()} */
    public synchronized long faultsInjected() {
        return injected;
    }

    /** Sets every count, including {@link #faultsInjected()}, back to zero. */
    public synchronized void resetCounts() {
        counts.replaceAll((k, v) -> 0L);
        total = 0;
        injected = 0;
    }

    /** Tells the observer, counts one operation and throws if a rule says it fails. */
    void check(FaultOperation operation, Path path) throws InjectedFaultException {
        OperationObserver o = observer;
        if (o != null) {
            o.before(operation, path);
        }
        countAndMaybeFail(operation, path);
    }

    private synchronized void countAndMaybeFail(FaultOperation operation, Path path) throws InjectedFaultException {
        counts.merge(operation, 1L, Long::sum);
        total++;
        FaultRule fired = null;
        for (ActiveRule active : rules) {
            if (active.spent || !active.rule.matches(operation, path)) {
                continue;
            }
            active.seen++;
            if (active.seen == active.rule.n() || (active.rule.isPersistent() && active.seen > active.rule.n())) {
                fired = active.rule;
                active.spent = !active.rule.isPersistent();
            }
        }
        if (fired != null) {
            injected++;
            throw new InjectedFaultException(operation, path,
                    "injected fault: " + operation + " #" + counts.get(operation) + " on " + path + " by " + fired);
        }
    }

    /** @return how many of {@code byteCount} bytes fit in the disk-full budget (all when none is set) */
    synchronized long chargeWrite(long byteCount) {
        if (diskBudget < 0) {
            return byteCount;
        }
        long allowed = Math.min(byteCount, diskBudget);
        diskBudget -= allowed;
        return allowed;
    }

    synchronized InjectedFaultException diskFullException(Path path) {
        injected++;
        return new InjectedFaultException(FaultOperation.WRITE, path,
                "injected fault: No space left on device (disk-full budget spent) writing " + path);
    }

    // ---------------------------------------------------------------- FileSystem

    @Override
    public Path canonicalize(Path path) throws IOException {
        check(FaultOperation.METADATA, path);
        return super.canonicalize(path);
    }

    @Override
    public FileMetadata metadataOrNull(Path path) throws IOException {
        check(FaultOperation.METADATA, path);
        return super.metadataOrNull(path);
    }

    @Override
    public List<Path> list(Path dir) throws IOException {
        check(FaultOperation.LIST, dir);
        return super.list(dir);
    }

    @Override
    public List<Path> listOrNull(Path dir) {
        try {
            check(FaultOperation.LIST, dir);
        } catch (InjectedFaultException e) {
            return null;
        }
        return super.listOrNull(dir);
    }

    @Override
    public FileHandle openReadOnly(Path file) throws IOException {
        check(FaultOperation.OPEN, file);
        return new FaultFileHandle(this, super.openReadOnly(file), file);
    }

    @Override
    public FileHandle openReadWrite(Path file, boolean mustCreate, boolean mustExist) throws IOException {
        check(FaultOperation.OPEN, file);
        return new FaultFileHandle(this, super.openReadWrite(file, mustCreate, mustExist), file);
    }

    @Override
    public Source source(Path file) throws IOException {
        check(FaultOperation.OPEN, file);
        return new FaultSource(super.source(file), file);
    }

    @Override
    public Sink sink(Path file, boolean mustCreate) throws IOException {
        check(FaultOperation.OPEN, file);
        return new FaultSink(super.sink(file, mustCreate), file);
    }

    @Override
    public Sink appendingSink(Path file, boolean mustExist) throws IOException {
        check(FaultOperation.OPEN, file);
        return new FaultSink(super.appendingSink(file, mustExist), file);
    }

    @Override
    public void createDirectory(Path dir, boolean mustCreate) throws IOException {
        check(FaultOperation.CREATE_DIRECTORY, dir);
        super.createDirectory(dir, mustCreate);
    }

    @Override
    public void atomicMove(Path source, Path target) throws IOException {
        check(FaultOperation.RENAME, source);
        super.atomicMove(source, target);
    }

    @Override
    public void delete(Path path, boolean mustExist) throws IOException {
        check(FaultOperation.DELETE, path);
        super.delete(path, mustExist);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        check(FaultOperation.SYNC, dir);
        if (target instanceof DirectorySync sync) {
            sync.syncDirectory(dir);
        } else if (target == FileSystem.SYSTEM) {
            try (FileChannel channel = FileChannel.open(dir.toNioPath(), StandardOpenOption.READ)) {
                channel.force(true);
            }
        }
    }

    @Override
    public String toString() {
        return "FaultFileSystem(" + target + ")";
    }

    /** A source whose reads may be failed. */
    private final class FaultSource extends ForwardingSource {
        private final Path path;

        FaultSource(Source delegate, Path path) {
            super(delegate);
            this.path = path;
        }

        @Override
        public long read(Buffer sink, long byteCount) throws IOException {
            check(FaultOperation.READ, path);
            return super.read(sink, byteCount);
        }
    }

    /** A sink whose writes may be failed; its flush is not a sync and is never failed. */
    private final class FaultSink extends ForwardingSink {
        private final Path path;

        FaultSink(Sink delegate, Path path) {
            super(delegate);
            this.path = path;
        }

        @Override
        public void write(Buffer source, long byteCount) throws IOException {
            check(FaultOperation.WRITE, path);
            long allowed = chargeWrite(byteCount);
            super.write(source, allowed);
            if (allowed < byteCount) {
                throw diskFullException(path);
            }
        }
    }
}
