package io.flotilla.e2e;

import io.flotilla.app.up.Flotilla;
import io.flotilla.app.up.UpOptions;
import io.flotilla.cli.CliConfig;
import java.nio.file.Path;
import java.time.Duration;

/** {@code flotilla up} in this JVM as the E2E tests start it, and the CLI pointed at it. */
final class InProcessUp {
  private InProcessUp() {}

  /** Free ports, the data under {@code dir/data}, the agent's long poll cut to 5 seconds. */
  static UpOptions options(Path dir) {
    return UpOptions.defaults()
        .withPort(0)
        .withGitPort(0)
        .withDataDir(dir.resolve("data"))
        .withAgentPollWait(Duration.ofSeconds(5));
  }

  /** The CLI as its user runs it, its configuration (in {@code dir}) naming {@code flotilla}. */
  static CliRun cli(Flotilla flotilla, Path dir) {
    Path config = dir.resolve("cli-config");
    new CliConfig(flotilla.serviceUrl(), flotilla.adminToken(), flotilla.subscription())
        .save(config);
    return new CliRun(config, dir);
  }
}
