package org.fsneurons.models.energy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fsneurons.models.instrument.LayerStats;

/**
 * Synaptic operations of an evaluated FS network, per image: {@code synops = Σ_layers spikes per
 * image × fan-out} ({@link SynapticOps}), the ANN's MACs of the same weighted layers, and the
 * energy ratio {@code (synops · E_ac) / (ann_macs · E_mac)}.
 *
 * @param layers per FS layer: spikes, synops and MACs per image
 * @param synops synaptic operations per image
 * @param annMacs MACs per image of the weighted layers the FS layers feed
 * @param energy the energies used
 */
public record SynopsReport(List<Layer> layers, double synops, long annMacs, EnergyModel energy) {
  public SynopsReport {
    layers = List.copyOf(layers);
  }

  /**
   * One FS layer, per image.
   *
   * @param layer name
   * @param spikes spikes per image
   * @param fanout mean synapses driven per spike
   * @param synops spikes × fan-out
   * @param macs the ANN's MACs that read this layer's output
   */
  public record Layer(String layer, double spikes, double fanout, double synops, double macs) {}

  /** The same counts under other energies. */
  public SynopsReport withEnergy(EnergyModel e) {
    return new SynopsReport(layers, synops, annMacs, e);
  }

  /** Synops per ANN MAC. */
  public double synopsPerMac() {
    return annMacs == 0 ? Double.NaN : synops / annMacs;
  }

  /** FS energy over ANN energy for the same layers. */
  public double energyRatio() {
    return annMacs == 0 ? Double.NaN : synops * energy.acPj() / (annMacs * energy.macPj());
  }

  /** Metrics synops, ann_macs, synops_per_mac and energy_ratio, as {@code ./fs eval} names them. */
  public Map<String, Double> metrics() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("synops", synops);
    m.put("ann_macs", (double) annMacs);
    m.put("synops_per_mac", synopsPerMac());
    m.put("energy_ratio", energyRatio());
    return m;
  }

  /** Joins the graph analysis with measured spike totals (layers matched by name). */
  public static SynopsReport of(SynapticOps.Analysis a, List<LayerStats> stats, EnergyModel e) {
    Map<String, LayerStats> byName = new HashMap<>();
    stats.forEach(s -> byName.put(s.layer(), s));
    List<Layer> out = new ArrayList<>();
    double total = 0;
    for (SynapticOps.LayerFanout f : a.layers()) {
      LayerStats s = byName.get(f.layer());
      if (s == null) {
        throw new IllegalArgumentException("no spike statistics for FS layer " + f.layer());
      }
      double spikes = s.images() == 0 ? 0 : (double) s.spikes() / s.images();
      double syn = spikes * f.fanout();
      total += syn;
      out.add(new Layer(f.layer(), spikes, f.fanout(), syn, f.macs()));
    }
    return new SynopsReport(out, total, a.annMacs(), e);
  }
}
