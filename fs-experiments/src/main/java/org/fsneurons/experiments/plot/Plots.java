package org.fsneurons.experiments.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.fsneurons.core.UserInputException;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.core.coeff.TargetFunction;
import org.fsneurons.core.neuron.FsNeuron;
import org.fsneurons.models.energy.SynopsReport;
import org.fsneurons.models.eval.Confusion;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Plots written as PNG with XChart. */
public final class Plots {
  private Plots() {}

  /** The FS function of a set over its target on [lo, hi], as the official demo.py drew it. */
  public static void approximation(
      CoefficientSet set, TargetFunction fn, double lo, double hi, Path png) {
    int n = 4001;
    double[] x = new double[n];
    double[] target = new double[n];
    double[] fs = new double[n];
    for (int i = 0; i < n; i++) {
      float xf = (float) (lo + (hi - lo) * i / (n - 1));
      x[i] = xf;
      target[i] = fn.apply(xf);
      fs[i] = FsNeuron.output(set.params(), xf);
    }
    XYChart chart =
        chart(
            new XYChart(900, 600),
            "FS neuron '" + set.name() + "' (K=" + set.k() + ") vs " + fn.id(),
            "input x",
            "output");
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setPlotGridLinesVisible(true);
    line(chart.addSeries(fn.id() + "(x) (target)", x, target), new Color(30, 90, 200), 3f);
    line(chart.addSeries("FS approximation", x, fs), new Color(220, 60, 30), 1.5f);
    save(chart, png);
  }

  /** Per FS layer, bars of synaptic operations and of the ANN's MACs per image, in millions. */
  public static void layers(SynopsReport r, Path png) {
    List<SynopsReport.Layer> ls = r.layers();
    List<String> names =
        IntStream.range(0, ls.size()).mapToObj(i -> i + " " + ls.get(i).layer()).toList();
    CategoryChart c =
        bars(
            Math.max(900, 40 * names.size()),
            "Synaptic operations vs ANN MACs per FS layer (per image)",
            "FS layer",
            "millions of operations per image");
    c.getStyler().setXAxisLabelRotation(90);
    c.addSeries(
        "FS synops (spikes x fan-out)", names, ls.stream().map(l -> l.synops() / 1e6).toList());
    c.addSeries("ANN MACs", names, ls.stream().map(l -> l.macs() / 1e6).toList());
    save(c, png);
  }

  /** Per class, the accuracy of the ANN and of the FS network (null: the ANN only). */
  public static void perClass(Confusion ann, Confusion fs, Path png) {
    List<Integer> classes = IntStream.range(0, ann.classes()).boxed().toList();
    List<String> names = classes.stream().map(String::valueOf).toList();
    CategoryChart c = bars(900, "Accuracy per class", "class", "accuracy (recall)");
    c.addSeries("ANN", names, classes.stream().map(ann::accuracy).toList());
    if (fs != null) {
      c.addSeries("FS", names, classes.stream().map(fs::accuracy).toList());
    }
    save(c, png);
  }

  /**
   * One configuration of {@code ./fs sweep}: the statistic alpha came from ("max", a percentile, or
   * the paper's set), K, spikes per neuron per image, FS top-1 accuracy.
   */
  public record SweepPoint(String statistic, int k, double spikes, double top1) {}

  /**
   * FS top-1 accuracy against spikes per neuron per image: one series of circles per statistic (K
   * in the label), and the ANN's accuracy as a grey line across them.
   */
  public static void accuracyVsSpikes(
      String title, List<SweepPoint> points, double annTop1, Path png) {
    XYChart chart =
        chart(new XYChart(900, 600), title, "spikes per neuron per image", "top-1 accuracy");
    Map<String, List<SweepPoint>> byStat = new LinkedHashMap<>();
    points.forEach(p -> byStat.computeIfAbsent(p.statistic(), x -> new ArrayList<>()).add(p));
    byStat.forEach(
        (stat, ps) -> {
          String label =
              stat.startsWith("paper")
                  ? stat
                  : "alpha from "
                      + stat
                      + (stat.equals("max") ? "" : "th pct")
                      + ", K="
                      + String.join(",", ps.stream().map(p -> String.valueOf(p.k())).toList());
          chart
              .addSeries(
                  label,
                  ps.stream().mapToDouble(SweepPoint::spikes).toArray(),
                  ps.stream().mapToDouble(SweepPoint::top1).toArray())
              .setMarker(SeriesMarkers.CIRCLE);
        });
    DoubleSummaryStatistics x = points.stream().mapToDouble(SweepPoint::spikes).summaryStatistics();
    XYSeries a =
        chart.addSeries(
            String.format(Locale.ROOT, "ANN %.4f", annTop1),
            new double[] {x.getMin(), x.getMax()},
            new double[] {annTop1, annTop1});
    a.setMarker(SeriesMarkers.NONE);
    a.setLineColor(Color.GRAY);
    save(chart, png);
  }

  /** A 600 pixels high chart of this width, legend below. */
  private static CategoryChart bars(int width, String title, String x, String y) {
    CategoryChart c = chart(new CategoryChart(width, 600), title, x, y);
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    return c;
  }

  private static <C extends Chart<?, ?>> C chart(C c, String title, String x, String y) {
    c.setTitle(title);
    c.setXAxisTitle(x);
    c.setYAxisTitle(y);
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    return c;
  }

  private static void line(XYSeries s, Color color, float width) {
    s.setMarker(SeriesMarkers.NONE);
    s.setLineColor(color);
    s.setLineStyle(new BasicStroke(width));
  }

  /**
   * Writes a chart as PNG to exactly {@code png} (XChart's own file writer would add ".png" to a
   * name without it), creating parent folders; a path that cannot be written is reported in one
   * line.
   */
  public static void save(Chart<?, ?> chart, Path png) {
    try {
      Path parent = png.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (OutputStream o = Files.newOutputStream(png)) {
        BitmapEncoder.saveBitmap(chart, o, BitmapEncoder.BitmapFormat.PNG);
      }
    } catch (IOException | RuntimeException e) {
      throw new UserInputException(png + ": cannot write the plot (" + e + ")", e);
    }
  }
}
