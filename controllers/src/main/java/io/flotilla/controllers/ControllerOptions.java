package io.flotilla.controllers;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * How the controllers run: {@code dataDir} holds artifacts and scratch space; the artifact server
 * binds {@code host:artifactPort} (0 = any free port); Kustomizations without {@code
 * spec.serviceAccountName} act as {@code defaultServiceAccount} of their namespace (Flux's {@code
 * --default-service-account}; null keeps the controller's own identity).
 */
public record ControllerOptions(
    Path dataDir,
    String host,
    int artifactPort,
    Duration requeueDependency,
    int concurrency,
    long maxArtifactBytes,
    MeterRegistry meters,
    Clock clock,
    String defaultServiceAccount) {

  public static ControllerOptions defaults(Path dataDir) {
    return new ControllerOptions(
        dataDir,
        "127.0.0.1",
        0,
        Duration.ofSeconds(30),
        10,
        100L * 1024 * 1024,
        new SimpleMeterRegistry(),
        Clock.systemUTC(),
        null);
  }

  public ControllerOptions withRequeueDependency(Duration d) {
    return new ControllerOptions(
        dataDir,
        host,
        artifactPort,
        d,
        concurrency,
        maxArtifactBytes,
        meters,
        clock,
        defaultServiceAccount);
  }

  public ControllerOptions withConcurrency(int n) {
    return new ControllerOptions(
        dataDir,
        host,
        artifactPort,
        requeueDependency,
        n,
        maxArtifactBytes,
        meters,
        clock,
        defaultServiceAccount);
  }

  public ControllerOptions withMeters(MeterRegistry m) {
    return new ControllerOptions(
        dataDir,
        host,
        artifactPort,
        requeueDependency,
        concurrency,
        maxArtifactBytes,
        m,
        clock,
        defaultServiceAccount);
  }

  public ControllerOptions withDefaultServiceAccount(String name) {
    return new ControllerOptions(
        dataDir,
        host,
        artifactPort,
        requeueDependency,
        concurrency,
        maxArtifactBytes,
        meters,
        clock,
        name);
  }
}
