package io.flotilla.cli;

import io.flotilla.cli.arm.ArmClient;
import io.flotilla.cli.output.Output;
import java.nio.file.Path;

/** What one command invocation works with: logging, the service client, the output stage. */
public record Session(CliEnvironment env, Log log, ArmClient arm, Output output, Path configPath) {

  public static Session open(CliEnvironment env, CommonOptions common) {
    Log log = new Log(env.err(), common.onlyShowErrors, common.verbose, common.debug);
    Path configPath = CliConfig.defaultPath(env);
    CliConfig config = CliConfig.load(env);
    if (common.subscription != null && !common.subscription.isBlank()) {
      config = new CliConfig(config.server(), config.token(), common.subscription);
    }
    log.debug("Flotilla server: " + config.server() + ", config file: " + configPath);
    String ca = env.getenv(io.flotilla.api.tls.CaBundle.ENV);
    ArmClient arm =
        new ArmClient(config, configPath, log, ca == null || ca.isBlank() ? null : Path.of(ca));
    return new Session(
        env,
        log,
        arm,
        new Output(env.out(), common.output, common.query, env.colorEnabled()),
        configPath);
  }

  /**
   * az's {@code user_confirmation}: asks {@code message (y/n): } unless {@code --yes}; no answer
   * available means no terminal.
   */
  public void confirm(boolean yes, String message) {
    if (yes) {
      return;
    }
    while (true) {
      env.err().print(message + " (y/n): ");
      env.err().flush();
      String answer;
      try {
        answer = env.in().readLine();
      } catch (java.io.IOException e) {
        answer = null;
      }
      if (answer == null) {
        throw CliException.error(
            "Unable to prompt for confirmation as no tty available. Use --yes.");
      }
      if (answer.strip().equalsIgnoreCase("n")) {
        throw CliException.error("Operation cancelled.");
      }
      if (answer.strip().equalsIgnoreCase("y")) {
        return;
      }
    }
  }
}
