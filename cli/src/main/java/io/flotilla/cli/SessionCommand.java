package io.flotilla.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/** An az-style leaf command: az's global arguments, then one run against an opened session. */
public abstract class SessionCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  protected final CliEnvironment env;

  protected SessionCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public final Integer call() {
    run(Session.open(env, common));
    return 0;
  }

  protected abstract void run(Session session);
}
