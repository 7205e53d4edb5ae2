package io.flotilla.cli.configuration;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.cli.Session;
import io.flotilla.cli.SessionCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Shared shape of the {@code k8s-configuration flux ...} leaf commands. */
abstract class FluxCommand extends SessionCommand {
  @Mixin ClusterOptions cluster;

  ClusterRef clusterRef(Session session) {
    return cluster.ref(session.arm().subscription());
  }

  /** A command on one flux configuration, named by {@code --name}. */
  abstract static class Named extends FluxCommand {
    @Option(
        names = {"--name", "-n"},
        required = true,
        description = "Name of the flux configuration")
    String name;

    void validateName() {
      Names.validateResourceName(name, "--name", 63);
    }

    /** Validates {@code --name}, then resolves the cluster. */
    ClusterRef ref(Session session) {
      validateName();
      return clusterRef(session);
    }

    /** The named flux configuration, as the service has it. */
    JsonNode show(Session session) {
      return FluxService.of(session).show(ref(session), name);
    }
  }
}
