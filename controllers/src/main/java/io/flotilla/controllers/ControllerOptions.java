package io.flotilla.controllers;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * How the controllers run: {@code dataDir} holds artifacts and scratch space; the artifact server
 * binds {@code host:artifactPort} (0 = any free port).
 */
public record ControllerOptions(
    Path dataDir,
    String host,
    int artifactPort,
    Duration requeueDependency,
    int concurrency,
    long maxArtifactBytes,
    MeterRegistry meters,
    Clock clock) {

  public static ControllerOptions defaults(Path dataDir) {
    return new ControllerOptions(
        dataDir,
        "127.0.0.1",
        0,
        Duration.ofSeconds(30),
        10,
        50L * 1024 * 1024,
        new SimpleMeterRegistry(),
        Clock.systemUTC());
  }

  public ControllerOptions withRequeueDependency(Duration d) {
    return new ControllerOptions(
        dataDir, host, artifactPort, d, concurrency, maxArtifactBytes, meters, clock);
  }

  public ControllerOptions withConcurrency(int n) {
    return new ControllerOptions(
        dataDir, host, artifactPort, requeueDependency, n, maxArtifactBytes, meters, clock);
  }

  public ControllerOptions withMeters(MeterRegistry m) {
    return new ControllerOptions(
        dataDir, host, artifactPort, requeueDependency, concurrency, maxArtifactBytes, m, clock);
  }
}
