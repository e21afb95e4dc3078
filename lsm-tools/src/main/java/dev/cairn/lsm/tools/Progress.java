// A progress bar on stderr for long work (load, dump, verify, compact): done, total, rate and
// ETA, drawn by the progressbar library (me.tongfei:progressbar, on JLine's terminal support).
// Drawn only when a person is at a terminal and --quiet is not given; otherwise every call is a
// no-op, so commands report progress unconditionally. step() is thread-safe.
package dev.cairn.lsm.tools;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Reports how far a long task has come. */
final class Progress implements AutoCloseable {
    /** What the numbers count. */
    enum Unit {
        /** Entries (keys), shown as they are. */
        ENTRIES("", 1),
        /** Bytes, shown in MiB. */
        BYTES("MiB", 1L << 20);

        final String label;
        final long size;

        Unit(String label, long size) {
            this.label = label;
            this.size = size;
        }
    }

    private static final Progress NONE = new Progress(null);

    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /**
     * @param io where to draw
     * @param quiet --quiet was given
     * @param task the task's name, shown before the bar
     * @param total the expected total, or a value below 1 when unknown
     * @param unit what is counted
     * @return a bar, or one that draws nothing
     */
    static Progress start(Io io, boolean quiet, String task, long total, Unit unit) {
        if (quiet || !io.terminal()) {
            return NONE;
        }
        ProgressBarBuilder b = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total > 0 ? total : -1)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200)
                .setConsumer(new ConsoleProgressBarConsumer(io.err()))
                .showSpeed();
        if (unit.size > 1) {
            b.setUnit(unit.label, unit.size);
        }
        return new Progress(b.build());
    }

    /** Counts {@code n} more done. */
    void step(long n) {
        if (bar != null) {
            bar.stepBy(n);
        }
    }

    /** Moves the expected total (an estimate turned out wrong). */
    void total(long total) {
        if (bar != null) {
            bar.maxHint(total);
        }
    }

    /** Draws the final state and ends the line. */
    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
