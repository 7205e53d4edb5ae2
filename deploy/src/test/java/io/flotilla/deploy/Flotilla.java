package io.flotilla.deploy;

import io.flotilla.cli.Cli;
import io.flotilla.cli.CliEnvironment;
import io.flotilla.kube.EmbeddedKubeApi;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/** Runs {@code flotilla …} as a user would, in process, capturing its output. */
final class Flotilla {
  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  private Flotilla() {}

  static Result run(Path home, Map<String, String> envVars, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliEnvironment env =
        new CliEnvironment(
            envVars,
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            new BufferedReader(new StringReader("")),
            home);
    CommandLine cmd = Cli.commandLine(env);
    DeployCommands.register(cmd, env);
    int exit = cmd.execute(args);
    env.out().flush();
    env.err().flush();
    return new Result(exit, out.toString(), err.toString());
  }

  static Result run(Path home, String... args) {
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
