package io.flotilla.apply;

/** One object's computed status and the reason, e.g. {@code InProgress: Available: 0/1}. */
public record ObjectHealth(ObjectRef ref, HealthStatus status, String message) {
  public ObjectHealth {
    message = message == null ? "" : message;
  }

  /** {@code Kind/ns/name status: 'InProgress': Available: 0/1} (Flux's wording plus the reason). */
  public String describe() {
    String base = ref.subject() + " status: '" + status + "'";
    return message.isEmpty() ? base : base + ": " + message;
  }
}
