package org.fsneurons.experiments.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ./fs convert}: not implemented yet. */
@Command(name = "convert", mixinStandardHelpOptions = true, description = "(not implemented yet)")
public final class ConvertCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new org.fsneurons.core.UserInputException("'fs convert' is not implemented yet");
  }
}
