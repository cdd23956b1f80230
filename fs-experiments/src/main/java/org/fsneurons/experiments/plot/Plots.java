package org.fsneurons.experiments.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fsneurons.core.UserInputException;
import org.fsneurons.core.coeff.CoefficientSet;
import org.fsneurons.core.coeff.TargetFunction;
import org.fsneurons.core.neuron.FsNeuron;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Plots written as PNG with XChart. */
public final class Plots {
  private Plots() {}

  /** The FS function of a set over its target on [lo, hi], as the official demo.py drew it. */
  public static void approximation(CoefficientSet set, TargetFunction fn, double lo, double hi, Path png) {
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
    XYChart chart = new XYChartBuilder().width(900).height(600)
        .title("FS neuron '" + set.name() + "' (K=" + set.k() + ") vs " + fn.id())
        .xAxisTitle("input x").yAxisTitle("output").build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotGridLinesVisible(true);
    XYSeries t = chart.addSeries(fn.id() + "(x) (target)", x, target);
    t.setMarker(SeriesMarkers.NONE);
    t.setLineColor(new Color(30, 90, 200));
    t.setLineStyle(new BasicStroke(3f));
    XYSeries f = chart.addSeries("FS approximation", x, fs);
    f.setMarker(SeriesMarkers.NONE);
    f.setLineColor(new Color(220, 60, 30));
    f.setLineStyle(new BasicStroke(1.5f));
    save(chart, png);
  }

  /**
   * Writes a chart as PNG to exactly {@code png} (XChart's own file writer would add ".png" to a name without it),
   * creating parent folders; a path that cannot be written is reported in one line.
   */
  public static void save(XYChart chart, Path png) {
    try {
      Path parent = png.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (OutputStream o = Files.newOutputStream(png)) {
        BitmapEncoder.saveBitmap(chart, o, BitmapEncoder.BitmapFormat.PNG);
      }
    } catch (IOException e) {
      throw new UserInputException(png + ": cannot write the plot (" + e + ")", e);
    }
  }
}
