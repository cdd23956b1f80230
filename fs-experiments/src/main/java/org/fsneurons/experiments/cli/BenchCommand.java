package org.fsneurons.experiments.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ./fs bench}: not implemented yet. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "(not implemented yet)")
public final class BenchCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new org.fsneurons.core.UserInputException("'fs bench' is not implemented yet");
  }
}
