// The handles, sources and sinks of a CrashFileSystem not yet closed, each with where it was
// opened, so a test can report a leak with the stack trace that caused it. Not thread-safe: the
// owning CrashFileSystem calls it only while holding its own monitor.
package dev.cairn.lsm.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okio.Path;

/** Open files by registration token, in the order they were opened. */
final class OpenFiles {
    private record OpenFile(Path path, Throwable openedAt) {
    }

    private final Map<Object, OpenFile> open = new LinkedHashMap<>();

    /** @return a token that {@link #remove} takes back when the file opened at {@code path} closes */
    Object add(Path path) {
        Object registration = new Object();
        open.put(registration, new OpenFile(path, new Throwable("opened " + path + " here")));
        return registration;
    }

    /** Forgets the file of {@code registration}; a second call does nothing. */
    void remove(Object registration) {
        open.remove(registration);
    }

    /** @return the paths (as opened) of the files still open */
    List<Path> paths() {
        List<Path> out = new ArrayList<>();
        for (OpenFile f : open.values()) {
            out.add(f.path());
        }
        return out;
    }

    /** @throws IllegalStateException naming the open files, the first one's opening as the cause */
    void checkNone() {
        if (open.isEmpty()) {
            return;
        }
        OpenFile first = open.values().iterator().next();
        throw new IllegalStateException(open.size() + " open file(s): " + paths()
                + "; the first was opened at the cause", first.openedAt());
    }
}
