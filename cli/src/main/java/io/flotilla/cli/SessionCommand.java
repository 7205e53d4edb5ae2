package io.flotilla.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * An az-style leaf command: az's global arguments, then one run against an opened session. The
 * CLI's factory hands it the environment as it creates it.
 */
@Command(mixinStandardHelpOptions = true)
public abstract class SessionCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  /** Set once by {@code Cli}'s factory, before picocli parses into the command. */
  protected CliEnvironment env;

  @Override
  public final Integer call() {
    run(Session.open(env, common));
    return 0;
  }

  protected abstract void run(Session session);
}
