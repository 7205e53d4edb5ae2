package io.flotilla.deploy;

import io.flotilla.cli.Cli;
import io.flotilla.cli.CliEnvironment;
import io.flotilla.kube.EmbeddedKubeApi;
import io.flotilla.testkit.CapturedOutput;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/** Runs {@code flotilla …} as a user would, in process, capturing its output. */
final class Flotilla {
  private Flotilla() {}

  static CapturedOutput run(Path home, Map<String, String> envVars, String... args) {
    return CapturedOutput.of(
        (out, err) -> {
          CliEnvironment env =
              new CliEnvironment(envVars, out, err, new BufferedReader(new StringReader("")), home);
          CommandLine cmd = Cli.commandLine(env);
          DeployCommands.register(cmd, env);
          return cmd.execute(args);
        });
  }

  static CapturedOutput run(Path home, String... args) {
    return run(home, Map.of(), args);
  }

  /**
   * The "remote" cluster: RBAC on, an admin ({@code admin-token}) and a developer ({@code
   * dev-token}).
   */
  static io.flotilla.testkit.TestKube remoteCluster() {
    return io.flotilla.testkit.TestKube.start(
        io.flotilla.kube.KubeApiOptions.defaults()
            .withUser("admin-token", "admin", "system:masters")
            .withUser("dev-token", "dev", "devs"));
  }

  /** A kubeconfig for {@code api}'s server with a bearer token. */
  static Path kubeconfig(Path file, EmbeddedKubeApi api, String token) {
    api.writeKubeconfig(file);
    try {
      String yaml = Files.readString(file).replace(api.adminToken(), token);
      Files.writeString(file, yaml);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
