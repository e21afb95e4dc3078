// Names the process holding a store's LOCK file, for the message that refuses a locked store.
// On Linux the kernel lists every file lock in /proc/locks with the holder's pid and the
// file's device and inode; elsewhere (or when that fails) nothing is known and the caller says
// only that another process holds the lock. Stateless.
package dev.cairn.lsm.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Finds who holds a lock file. */
final class LockHolder {
    private static final Path PROC_LOCKS = Path.of("/proc/locks");

    private LockHolder() {
    }

    /**
     * @param lockFile a store's LOCK file
     * @return "process 1234 (java -jar service.jar)", or null when it cannot be known
     */
    static String describe(Path lockFile) {
        try {
            if (!Files.isReadable(PROC_LOCKS)) {
                return null;
            }
            Object ino = Files.getAttribute(lockFile, "unix:ino");
            long dev = ((Number) Files.getAttribute(lockFile, "unix:dev")).longValue();
            // Linux's dev_t split into the major and minor numbers /proc/locks prints in hex
            long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
            long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
            List<String> lines = Files.readAllLines(PROC_LOCKS, StandardCharsets.US_ASCII);
            // Under overlay file systems the device /proc/locks shows may not be the one stat
            // reports: an inode match alone is taken when it is the only one.
            List<Long> sameInode = new java.util.ArrayList<>();
            for (String line : lines) {
                // "1: POSIX  ADVISORY  WRITE 1234 08:01:5678 0 EOF"; blocked waiters carry "->"
                String[] f = line.trim().split("\\s+");
                if (f.length < 6 || line.contains("->")) {
                    continue;
                }
                String[] where = f[5].split(":");
                if (where.length != 3 || !where[2].equals(String.valueOf(ino))) {
                    continue;
                }
                long pid = Long.parseLong(f[4]);
                if (Long.parseLong(where[0], 16) == major && Long.parseLong(where[1], 16) == minor) {
                    return "process " + pid + command(pid);
                }
                sameInode.add(pid);
            }
            if (sameInode.size() == 1) {
                return "process " + sameInode.get(0) + command(sameInode.get(0));
            }
        } catch (IOException | RuntimeException e) {
            // unknown; the caller says so
        }
        return null;
    }

    private static String command(long pid) {
        if (pid == ProcessHandle.current().pid()) {
            return " (this process)";
        }
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            String cmd = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
            if (cmd.length() > 80) {
                cmd = cmd.substring(0, 77) + "...";
            }
            return cmd.isEmpty() ? "" : " (" + cmd + ")";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
