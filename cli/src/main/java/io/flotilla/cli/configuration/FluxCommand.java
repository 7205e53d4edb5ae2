package io.flotilla.cli.configuration;

import io.flotilla.cli.CliEnvironment;
import io.flotilla.cli.CommonOptions;
import io.flotilla.cli.Session;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Shared shape of the {@code k8s-configuration flux ...} leaf commands. */
abstract class FluxCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin ClusterOptions cluster;
  @Spec CommandSpec spec;

  final CliEnvironment env;

  FluxCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public final Integer call() {
    Session session = Session.open(env, common);
    run(session);
    return 0;
  }

  abstract void run(Session session);
}
