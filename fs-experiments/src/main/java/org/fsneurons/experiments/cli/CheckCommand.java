package org.fsneurons.experiments.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ./fs check}: not implemented yet. */
@Command(name = "check", mixinStandardHelpOptions = true, description = "(not implemented yet)")
public final class CheckCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new org.fsneurons.core.UserInputException("'fs check' is not implemented yet");
  }
}
