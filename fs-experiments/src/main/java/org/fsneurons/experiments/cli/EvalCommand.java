package org.fsneurons.experiments.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ./fs eval}: not implemented yet. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "(not implemented yet)")
public final class EvalCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new org.fsneurons.core.UserInputException("'fs eval' is not implemented yet");
  }
}
