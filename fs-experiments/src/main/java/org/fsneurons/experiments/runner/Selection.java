package org.fsneurons.experiments.runner;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.fsneurons.core.UserInputException;
import org.fsneurons.experiments.config.ExperimentSpec;
import org.fsneurons.experiments.config.ExperimentsConfig;

/**
 * {@code --only NAME|TAG ...}: the experiments whose name or one of whose tags is given, in file
 * order.
 */
public final class Selection {
  private Selection() {}

  /**
   * All experiments when {@code only} is null (no --only); each selector may be a comma-separated
   * list. A given --only that names nothing ({@code ""}, {@code ","}) is refused.
   */
  public static List<ExperimentSpec> select(ExperimentsConfig cfg, List<String> only) {
    if (only == null) {
      return cfg.experiments();
    }
    Set<String> wanted = new LinkedHashSet<>();
    for (String o : only) {
      Arrays.stream(o.split(",")).filter(x -> !x.isBlank()).map(String::strip).forEach(wanted::add);
    }
    Set<String> known = new LinkedHashSet<>(cfg.names());
    known.addAll(cfg.tags());
    if (wanted.isEmpty()) {
      // an empty --only (e.g. an unset $VAR) would select nothing, pass with exit 0 and replace
      // latest.csv with an empty table
      throw new UserInputException(
          String.format(
              "--only: expected an experiment name or tag, found an empty value; names: %s; tags: %s",
              firstFew(cfg.names()), firstFew(List.copyOf(cfg.tags()))));
    }
    for (String w : wanted) {
      if (!known.contains(w)) {
        throw new UserInputException(
            String.format(
                "--only %s: no experiment or tag of that name in %s; names: %s; tags: %s",
                w, cfg.file(), firstFew(cfg.names()), firstFew(List.copyOf(cfg.tags()))));
      }
    }
    return cfg.experiments().stream()
        .filter(
            e ->
                wanted.contains(e.name)
                    || (e.tags != null && e.tags.stream().anyMatch(wanted::contains)))
        .toList();
  }

  /** Up to 20 names, then how many more. */
  private static String firstFew(List<String> names) {
    int show = 20;
    return names.size() <= show
        ? String.join(", ", names)
        : String.join(", ", names.subList(0, show)) + ", ... (" + (names.size() - show) + " more)";
  }
}
