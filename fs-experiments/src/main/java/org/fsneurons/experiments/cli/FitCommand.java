package org.fsneurons.experiments.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ./fs fit}: not implemented yet. */
@Command(name = "fit", mixinStandardHelpOptions = true, description = "(not implemented yet)")
public final class FitCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new org.fsneurons.core.UserInputException("'fs fit' is not implemented yet");
  }
}
