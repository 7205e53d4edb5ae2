package io.flotilla.controllers.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.flux.meta.ConditionTypes;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place conditions change: keeps {@code lastTransitionTime} when the status did not flip,
 * and keeps Flux's order (Ready first, then Reconciling and Stalled, then the rest by type).
 */
public final class Conditions {
  private final List<Condition> list;
  private final Clock clock;
  private final long generation;

  public Conditions(List<Condition> existing, long generation, Clock clock) {
    this.list = new ArrayList<>(existing == null ? List.of() : existing);
    this.generation = generation;
    this.clock = clock;
  }

  /** The generation an object's conditions observe: 0 for one the API server has not given one. */
  public static long generation(HasMetadata object) {
    return Objects.requireNonNullElse(object.getMetadata().getGeneration(), 0L);
  }

  public Conditions set(String type, String status, String reason, String message) {
    String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    Optional<Condition> old = get(type);
    String transition =
        old.filter(c -> c.status().equals(status)).map(Condition::lastTransitionTime).orElse(now);
    list.removeIf(c -> c.type().equals(type));
    list.add(new Condition(type, status, generation, transition, reason, message));
    return this;
  }

  public Conditions markTrue(String type, String reason, String message) {
    return set(type, Condition.TRUE, reason, message);
  }

  public Conditions markFalse(String type, String reason, String message) {
    return set(type, Condition.FALSE, reason, message);
  }

  public Conditions markUnknown(String type, String reason, String message) {
    return set(type, Condition.UNKNOWN, reason, message);
  }

  public Conditions delete(String type) {
    list.removeIf(c -> c.type().equals(type));
    return this;
  }

  public Optional<Condition> get(String type) {
    return list.stream().filter(c -> c.type().equals(type)).findFirst();
  }

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.type())).findFirst();
  }

  public static boolean isReady(List<Condition> conditions) {
    return find(conditions, ConditionTypes.READY).map(Condition::isTrue).orElse(false);
  }

  public List<Condition> toList() {
    List<Condition> out = new ArrayList<>(list);
    out.sort(Comparator.comparingInt(Conditions::rank).thenComparing(Condition::type));
    return List.copyOf(out);
  }

  private static int rank(Condition c) {
    return switch (c.type()) {
      case ConditionTypes.READY -> 0;
      case ConditionTypes.RECONCILING -> 1;
      case ConditionTypes.STALLED -> 2;
      default -> 3;
    };
  }
}
