package org.fsneurons.core;

/**
 * A mistake in something a user supplied (a file, a flag, a configuration value). The message is
 * one line that says where, what was expected and what was found, e.g. {@code swish16.json: 'h' has
 * 15 values but 'd' has 16}. Command-line front ends print the message alone (no stack trace) and
 * exit with status 2.
 */
public class UserInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserInputException(String message) {
    super(message);
  }

  public UserInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
