package io.flotilla.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The configuration service an IT talks to, with its admin client: on a free port, its data in a
 * fresh directory, started before each test (an instance {@code @RegisterExtension} field) or once
 * for the class (a static one), and closed after.
 *
 * <p>In an IT: {@code @RegisterExtension final ServiceHarness service = ServiceHarness.on(() ->
 * databaseUrl);} then {@code final Api admin = service.admin();}.
 */
final class ServiceHarness
    implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
  private final Supplier<String> databaseUrl;
  private UnaryOperator<ServerOptions> more = o -> o;
  private Clock clock;
  private boolean perClass;
  private Path dir;
  private ConfigurationServer server;
  private final Api admin = Api.adminOf(() -> server);

  private ServiceHarness(Supplier<String> databaseUrl) {
    this.databaseUrl = databaseUrl;
  }

  /** A service on the H2 file in its data directory. */
  static ServiceHarness h2() {
    return on(() -> null);
  }

  /**
   * A service on the database URL read when it starts (null: the H2 file), so that a
   * {@code @Parameter} field of a {@code @ParameterizedClass} can name it.
   */
  static ServiceHarness on(Supplier<String> databaseUrl) {
    return new ServiceHarness(databaseUrl);
  }

  /** More options on top of the free port, data directory and database. */
  ServiceHarness with(UnaryOperator<ServerOptions> options) {
    this.more = options;
    return this;
  }

  /** The service runs on {@code clock} and reads no environment variables. */
  ServiceHarness clock(Clock clock) {
    this.clock = clock;
    return this;
  }

  ConfigurationServer server() {
    return server;
  }

  /** A client holding the admin token of the service running when it sends a request. */
  Api admin() {
    return admin;
  }

  /** The service's data directory. */
  Path dir() {
    return dir;
  }

  /** Stops the service and starts it again on the same data directory and database. */
  void restart() {
    server.close();
    start();
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    perClass = true;
    dir = Files.createTempDirectory("flotilla-service-it");
    start();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    if (!perClass) {
      dir = Files.createTempDirectory("flotilla-service-it");
      start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      stop();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  private void start() {
    ServerOptions options = more.apply(TestServers.options(dir, databaseUrl.get()));
    server =
        clock == null
            ? ConfigurationServer.start(options)
            : ConfigurationServer.start(options, clock, name -> null);
  }

  private void stop() {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      server = null;
      if (dir != null) {
        delete(dir);
      }
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
