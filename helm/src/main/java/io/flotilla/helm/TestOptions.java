package io.flotilla.helm;

import java.time.Duration;
import java.util.List;

/**
 * HelmRelease {@code test}: {@code filters} as Flux's {@code {name, exclude}} pairs; with include
 * filters only those tests run, excluded ones never.
 */
public record TestOptions(Duration timeout, List<Filter> filters) {
  public record Filter(String name, boolean exclude) {}
}
