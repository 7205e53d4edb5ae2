package io.flotilla.helm;

import java.nio.file.Path;

/**
 * A packaged chart ({@code .tgz}) handed to an install or upgrade: the archive on disk, read and
 * bounded by the engine. {@code name}, {@code version} and {@code appVersion} come from its
 * Chart.yaml and are what the reconciler reports.
 */
public interface Chart {
  String name();

  String version();

  String appVersion();

  /** The archive this chart was loaded from. */
  Path archive();
}
