package io.flotilla.helm;

import java.time.Duration;

/** HelmRelease {@code uninstall}: {@code deletionPropagation} background|foreground|orphan. */
public record UninstallOptions(
    Duration timeout,
    boolean disableHooks,
    boolean keepHistory,
    boolean disableWait,
    String deletionPropagation,
    String description) {

  public static UninstallOptions defaults() {
    return new UninstallOptions(Duration.ofMinutes(5), false, false, false, "background", null);
  }
}
