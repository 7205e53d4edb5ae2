package io.flotilla.controllers.runtime;

/**
 * Where a controller's events go besides the Kubernetes API: the in-process notification pipeline
 * (Flux's controllers post them to notification-controller's {@code --events-addr}). Must not
 * block: a full pipeline drops.
 */
@FunctionalInterface
public interface EventSink {
  EventSink NONE = event -> {};

  void publish(FluxEvent event);
}
