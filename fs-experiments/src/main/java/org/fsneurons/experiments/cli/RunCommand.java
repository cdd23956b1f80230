package org.fsneurons.experiments.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ./fs run}: not implemented yet. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "(not implemented yet)")
public final class RunCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new org.fsneurons.core.UserInputException("'fs run' is not implemented yet");
  }
}
