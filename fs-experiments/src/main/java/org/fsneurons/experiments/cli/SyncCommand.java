package org.fsneurons.experiments.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ./fs sync}: not implemented yet. */
@Command(name = "sync", mixinStandardHelpOptions = true, description = "(not implemented yet)")
public final class SyncCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new org.fsneurons.core.UserInputException("'fs sync' is not implemented yet");
  }
}
