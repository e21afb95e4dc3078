// What the report says about the machine a run happened on. Immutable.
package dev.cairn.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The machine a run happened on.
 *
 * @param cpus available processors (nproc)
 * @param memoryGiB total memory in GiB, or -1 when unknown
 * @param cpuModel CPU model name, or "unknown"
 * @param java JVM name and version
 * @param os operating system and architecture
 */
record Machine(int cpus, double memoryGiB, String cpuModel, String java, String os) {

    static Machine current() {
        return new Machine(Runtime.getRuntime().availableProcessors(), readMemoryGiB(), readCpuModel(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    }

    String summary() {
        return String.format(Locale.ROOT, "%d cpus (%s), %.1f GiB RAM, %s, %s", cpus, cpuModel, memoryGiB, java, os);
    }

    private static double readMemoryGiB() {
        for (String line : lines("/proc/meminfo")) {
            if (line.startsWith("MemTotal:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / (1024.0 * 1024.0);
            }
        }
        return -1;
    }

    private static String readCpuModel() {
        for (String line : lines("/proc/cpuinfo")) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "unknown";
    }

    private static List<String> lines(String file) {
        try {
            return Files.readAllLines(Path.of(file));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
