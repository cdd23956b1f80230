package org.fsneurons.experiments.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ./fs compare}: not implemented yet. */
@Command(name = "compare", mixinStandardHelpOptions = true, description = "(not implemented yet)")
public final class CompareCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new org.fsneurons.core.UserInputException("'fs compare' is not implemented yet");
  }
}
