// Follows how many bytes a directory tree gains while a library call that reports no progress
// of its own (a backup, a restore, a checkpoint) writes into it, and steps a progress bar by
// them every 200 ms. Its thread is a daemon and stops at close().
package dev.cairn.lsm.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Steps a progress bar by a directory's growth. */
final class DirectoryGrowth implements AutoCloseable {
    private final ScheduledExecutorService poller;

    private DirectoryGrowth(ScheduledExecutorService poller) {
        this.poller = poller;
    }

    static DirectoryGrowth follow(Path dir, Progress progress) {
        long start = size(dir);
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cairn-progress");
            t.setDaemon(true);
            return t;
        });
        long[] seen = {start};
        poller.scheduleAtFixedRate(() -> {
            long now = size(dir);
            if (now > seen[0]) {
                progress.step(now - seen[0]);
                seen[0] = now;
            }
        }, 200, 200, TimeUnit.MILLISECONDS);
        return new DirectoryGrowth(poller);
    }

    /** @return the bytes of the regular files under {@code dir} (0 when it does not exist) */
    static long size(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0; // renamed or removed while walking
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
