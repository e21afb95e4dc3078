// Opens the handles the engine reads and writes through: positional channels on the system file
// system, the file system's own handles elsewhere (so tests see every operation). Stateless;
// thread-safe.
package dev.cairn.lsm.internal.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import okio.FileHandle;
import okio.FileSystem;
import okio.Path;

/**
 * Opens the handles the engine reads and writes through. On {@link FileSystem#SYSTEM} it returns
 * {@link ChannelFileHandle}s (positional I/O, no lock); on any other file system (fakes, fault
 * injection, crash simulation) it asks that file system, so tests see every operation.
 */
public final class StoreFiles {
    private static final boolean LINUX = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("linux");
    private StoreFiles() {
    }

    /**
     * Opens a file for reading and writing, like {@link FileSystem#openReadWrite(Path, boolean, boolean)}.
     *
     * @throws IOException if the file cannot be opened, exists when it must not, or is missing when it must exist
     */
    public static FileHandle openReadWrite(FileSystem fs, Path path, boolean mustCreate, boolean mustExist)
            throws IOException {
        if (fs != FileSystem.SYSTEM) {
            return fs.openReadWrite(path, mustCreate, mustExist);
        }
        Set<OpenOption> opts = new java.util.HashSet<>(Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE));
        if (mustCreate) {
            opts.add(StandardOpenOption.CREATE_NEW);
        } else if (!mustExist) {
            opts.add(StandardOpenOption.CREATE);
        }
        try {
            return new ChannelFileHandle(true, FileChannel.open(path.toNioPath(), opts));
        } catch (FileAlreadyExistsException e) {
            throw new IOException(path + " already exists", e);
        } catch (NoSuchFileException e) {
            throw new java.io.FileNotFoundException("no such file: " + path);
        }
    }

    /**
     * Creates a new write-ahead log for appending. On {@link FileSystem#SYSTEM} under Linux the
     * handle writes through a shared memory mapping with zeros kept written ahead
     * ({@link MappedLogHandle}); elsewhere it is {@link #openReadWrite} with {@code mustCreate}.
     *
     * @throws IOException if the file exists or cannot be created
     */
    public static FileHandle createLog(FileSystem fs, Path path) throws IOException {
        return mappedOnLinux(openReadWrite(fs, path, true, false), MappedLogHandle::new);
    }

    /** Makes a mapped handle over a channel. */
    @FunctionalInterface
    private interface MappedHandleFactory {
        FileHandle over(FileChannel channel) throws IOException;
    }

    /**
     * @return a handle {@code factory} makes over {@code h}'s channel when {@code h} is a channel
     *     handle under Linux (closing {@code h} if that fails), else {@code h} itself
     */
    private static FileHandle mappedOnLinux(FileHandle h, MappedHandleFactory factory) throws IOException {
        if (!(h instanceof ChannelFileHandle c) || !LINUX) {
            return h;
        }
        try {
            return factory.over(c.channel);
        } catch (IOException | RuntimeException e) {
            h.close();
            throw e;
        }
    }

    /**
     * Readies a log from {@link #createLog} for synced appends: a mapped log's first window of
     * zeros is written and synced now (at open, off the write path), so the first synced append
     * flushes only its own pages. Does nothing for other handles.
     *
     * @param handle a handle from {@link #createLog}, nothing appended yet
     * @throws IOException if the zeros cannot be written or synced
     */
    public static void prepareLog(FileHandle handle) throws IOException {
        if (handle instanceof MappedLogHandle m) {
            m.prepareFirstWindow();
        }
    }

    /**
     * @param handle a handle from {@link #createLog}
     * @return whether the handle keeps zeros written ahead of its appends itself, so the log
     *     writer need not
     */
    public static boolean writesZerosAhead(FileHandle handle) {
        return handle instanceof MappedLogHandle;
    }

    /**
     * Opens a finished table file for reading. On {@link FileSystem#SYSTEM} under Linux the
     * handle copies reads from a memory mapping of the file ({@link MappedTableHandle});
     * elsewhere it is {@link #openReadOnly}. The file must not change while it is open.
     *
     * @throws IOException if the file cannot be opened
     */
    public static FileHandle openTable(FileSystem fs, Path path) throws IOException {
        return mappedOnLinux(openReadOnly(fs, path), MappedTableHandle::new);
    }

    /**
     * Opens a file for reading, like {@link FileSystem#openReadOnly(Path)}.
     *
     * @throws IOException if the file cannot be opened
     */
    public static FileHandle openReadOnly(FileSystem fs, Path path) throws IOException {
        if (fs != FileSystem.SYSTEM) {
            return fs.openReadOnly(path);
        }
        try {
            return new ChannelFileHandle(false, FileChannel.open(path.toNioPath(), StandardOpenOption.READ));
        } catch (NoSuchFileException e) {
            throw new java.io.FileNotFoundException("no such file: " + path);
        }
    }
}
