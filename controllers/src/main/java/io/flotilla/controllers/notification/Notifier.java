package io.flotilla.controllers.notification;

import io.flotilla.controllers.runtime.FluxEvent;

/** One Provider type's way to deliver an event (Flux's {@code notifier.Interface}). */
interface Notifier {
  void post(FluxEvent event) throws DeliveryException;

  /**
   * Delivers an event routed by an Alert to its Provider; most types need only the event. Flux's
   * periodic {@code commit_status: update} events reach only the commit-status providers (which
   * override this).
   */
  default void deliver(
      FluxEvent event,
      io.flotilla.api.flux.notification.Alert alert,
      io.flotilla.api.flux.notification.Provider provider)
      throws DeliveryException {
    if (commitStatusUpdate(event)) {
      return;
    }
    post(event);
  }

  /** Flux's marker of the periodic success event, which only commit-status providers report. */
  static boolean commitStatusUpdate(FluxEvent e) {
    return "update".equals(e.meta("commit_status"));
  }

  /** {@code kind/name.namespace}, the heading chat providers use. */
  static String objectName(FluxEvent e) {
    var o = e.involvedObject();
    return o.kind().toLowerCase(java.util.Locale.ROOT) + "/" + o.name() + "." + o.namespace();
  }
}
