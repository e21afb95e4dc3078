// Draws the thread curve as a hand-written SVG: a panel per workload (two per row), ops/s
// against thread count (evenly spaced counts, a y axis from 0 with round gridlines), a line and
// dots per store in a fixed colour, a legend under the panels. Stateless; the text is
// self-contained (no scripts, no external fonts).
package dev.cairn.bench;

import java.util.List;
import java.util.Locale;

/** Renders {@link ThreadCurve} series as an SVG document. */
final class ThreadPlot {
    private static final int PANEL_W = 420;
    private static final int PANEL_H = 280;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 36;
    private static final int BOTTOM = 44;
    private static final int COLUMNS = 2;
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2"};

    private ThreadPlot() {
    }

    /**
     * @param best the best result per store, workload and thread count
     * @param args the run's options (workloads, stores, thread counts)
     * @param title the lines above the panels (run, machine), separated by newlines
     * @return the SVG document
     */
    static String svg(List<PhaseResult> best, BenchArgs args, String title) {
        List<Workload> panels = args.workloads.stream().filter(w -> w != Workload.REOPEN)
                .filter(w -> !ThreadCurve.series(best, w.id(), args.stores, args.threadCounts).isEmpty()).toList();
        int rows = Math.max(1, (panels.size() + COLUMNS - 1) / COLUMNS);
        int width = PANEL_W * COLUMNS;
        int legendH = 28;
        String[] titleLines = title.split("\n");
        int header = 16 + 14 * titleLines.length;
        int height = header + rows * PANEL_H + legendH;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">%n", width, height, width, height));
        sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        for (int i = 0; i < titleLines.length; i++) {
            sb.append(String.format(Locale.ROOT, "<text x=\"8\" y=\"%d\" font-size=\"%d\">%s</text>%n", 18 + 14 * i,
                    i == 0 ? 12 : 10, escape(titleLines[i])));
        }
        for (int i = 0; i < panels.size(); i++) {
            int x0 = (i % COLUMNS) * PANEL_W;
            int y0 = header + (i / COLUMNS) * PANEL_H;
            Workload w = panels.get(i);
            panel(sb, x0, y0, w.id(), ThreadCurve.series(best, w.id(), args.stores, args.threadCounts), args);
        }
        int lx = 8;
        int ly = height - 10;
        for (int s = 0; s < args.stores.size(); s++) {
            String colour = COLOURS[s % COLOURS.length];
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", lx, ly - 4, lx + 20, ly - 4, colour, lx + 24, ly,
                    escape(args.stores.get(s))));
            lx += 34 + 7 * args.stores.get(s).length();
        }
        return sb.append("</svg>\n").toString();
    }

    private static void panel(StringBuilder sb, int x0, int y0, String workload, List<ThreadCurve.Series> series,
                              BenchArgs args) {
        List<Integer> counts = args.threadCounts;
        double max = series.stream().flatMap(s -> s.opsPerSec().stream()).filter(v -> v != null)
                .mapToDouble(Double::doubleValue).max().orElse(1);
        double step = niceStep(max / 4);
        double top = Math.ceil(max / step) * step;
        int plotW = PANEL_W - LEFT - RIGHT;
        int plotH = PANEL_H - TOP - BOTTOM;
        int px = x0 + LEFT;
        int py = y0 + TOP;
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"13\" font-weight=\"bold\">%s</text>%n",
                px, y0 + 20, escape(workload)));
        for (double v = 0; v <= top + step / 2; v += step) {
            int y = py + plotH - (int) Math.round(v / top * plotH);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", px, y, px + plotW, y, px - 6, y + 4, kilo(v)));
        }
        for (int i = 0; i < counts.size(); i++) {
            int x = xAt(i, counts.size(), px, plotW);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%d</text>%n", x, py, x, py + plotH, x, py + plotH + 16,
                    counts.get(i)));
        }
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>%n",
                px, py, plotW, plotH));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">threads</text>%n",
                px + plotW / 2, py + plotH + 32));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 %d %d)\">ops/s</text>%n",
                x0 + 14, py + plotH / 2, x0 + 14, py + plotH / 2));
        for (ThreadCurve.Series s : series) {
            String colour = COLOURS[Math.max(0, args.stores.indexOf(s.store())) % COLOURS.length];
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < counts.size(); i++) {
                Double v = s.opsPerSec().get(i);
                if (v == null) {
                    continue;
                }
                int x = xAt(i, counts.size(), px, plotW);
                int y = py + plotH - (int) Math.round(v / top * plotH);
                points.append(x).append(',').append(y).append(' ');
                sb.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"3\" fill=\"%s\"><title>%s, %d threads: %s ops/s</title></circle>%n",
                        x, y, colour, escape(s.store()), counts.get(i), kilo(v)));
            }
            sb.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                    points.toString().trim(), colour));
        }
    }

    /** Thread counts sit evenly spaced (1, 2, 4, 8 read as a log scale). */
    private static int xAt(int i, int n, int px, int plotW) {
        return n == 1 ? px + plotW / 2 : px + 16 + (int) Math.round(i * (plotW - 32) / (double) (n - 1));
    }

    /** @return 1, 2 or 5 times a power of ten, at least {@code raw} */
    static double niceStep(double raw) {
        if (raw <= 0) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= raw) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String kilo(double v) {
        return v >= 1e6 ? String.format(Locale.ROOT, "%.1fM", v / 1e6)
                : v >= 1e3 ? String.format(Locale.ROOT, "%.0fk", v / 1e3) : String.format(Locale.ROOT, "%.0f", v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
