package io.flotilla.cli;

import io.flotilla.server.ConfigurationServer;
import io.flotilla.server.ServerOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The real configuration service on a free port, and a CLI signed in to it as its admin. */
abstract class ServiceIT {
  @TempDir Path home;
  @TempDir Path data;
  ConfigurationServer server;
  CliRunner cli;

  private final String subscription;

  ServiceIT(String subscription) {
    this.subscription = subscription;
  }

  @BeforeEach
  void startServer() {
    server = ConfigurationServer.start(ServerOptions.defaults().withPort(0).withDataDir(data));
    new CliConfig(server.url(), server.adminToken(), subscription)
        .save(home.resolve(".flotilla").resolve("config"));
    cli = new CliRunner(home);
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  CliRunner.Result run(String line) {
    return cli.run(CliRunner.shell(line));
  }
}
