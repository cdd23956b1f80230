package org.fsneurons.experiments.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ./fs mlflow}: not implemented yet. */
@Command(name = "mlflow", mixinStandardHelpOptions = true, description = "(not implemented yet)")
public final class MlflowCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new org.fsneurons.core.UserInputException("'fs mlflow' is not implemented yet");
  }
}
