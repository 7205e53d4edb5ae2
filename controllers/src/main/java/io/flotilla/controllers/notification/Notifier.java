package io.flotilla.controllers.notification;

import io.flotilla.controllers.runtime.FluxEvent;

/** One Provider type's way to deliver an event (Flux's {@code notifier.Interface}). */
interface Notifier {
  void post(FluxEvent event) throws DeliveryException;

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
