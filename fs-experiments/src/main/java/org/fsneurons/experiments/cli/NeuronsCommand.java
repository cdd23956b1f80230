package org.fsneurons.experiments.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ./fs neurons}: not implemented yet. */
@Command(name = "neurons", mixinStandardHelpOptions = true, description = "(not implemented yet)")
public final class NeuronsCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new org.fsneurons.core.UserInputException("'fs neurons' is not implemented yet");
  }
}
