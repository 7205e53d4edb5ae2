package io.flotilla.controllers.fluxconfig;

import io.flotilla.api.arm.ComplianceState;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.flux.meta.ConditionTypes;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.controllers.runtime.Conditions;
import java.util.Collection;
import java.util.List;

/**
 * Compliance rules. Per object: suspended → Suspended; Ready=True at the current generation →
 * Compliant; waiting on a dependency or progressing → Pending; Ready=False → Non-Compliant; no
 * conditions → Unknown. Per configuration: Suspended if suspended, else the worst of its objects
 * (Non-Compliant &gt; Pending &gt; Unknown &gt; Compliant).
 */
final class Compliance {
  private Compliance() {}

  static String ofObject(
      boolean suspended, Long generation, Long observedGeneration, List<Condition> conditions) {
    if (suspended) {
      return ComplianceState.SUSPENDED;
    }
    var ready = Conditions.find(conditions, ConditionTypes.READY);
    if (ready.isEmpty()) {
      return ComplianceState.UNKNOWN;
    }
    Condition c = ready.get();
    boolean current =
        generation == null || observedGeneration == null || observedGeneration >= generation;
    if (c.isTrue()) {
      return current ? ComplianceState.COMPLIANT : ComplianceState.PENDING;
    }
    if (Condition.UNKNOWN.equals(c.status())
        || Reasons.DEPENDENCY_NOT_READY.equals(c.reason())
        || Reasons.PROGRESSING.equals(c.reason())) {
      return ComplianceState.PENDING;
    }
    return ComplianceState.NON_COMPLIANT;
  }

  static String aggregate(boolean suspended, Collection<String> states) {
    if (suspended) {
      return ComplianceState.SUSPENDED;
    }
    if (states.isEmpty()) {
      return ComplianceState.UNKNOWN;
    }
    for (String worst :
        List.of(ComplianceState.NON_COMPLIANT, ComplianceState.PENDING, ComplianceState.UNKNOWN)) {
      if (states.contains(worst)) {
        return worst;
      }
    }
    return ComplianceState.COMPLIANT;
  }

  /** {@code main@sha1:abc} → {@code main/abc}, the form the API reports; {@code sha1:abc} → abc. */
  static String syncedCommitId(String revision) {
    if (revision == null) {
      return null;
    }
    int at = revision.lastIndexOf('@');
    String ref = at < 0 ? null : revision.substring(0, at);
    String digest = at < 0 ? revision : revision.substring(at + 1);
    int colon = digest.indexOf(':');
    String sha = colon < 0 ? digest : digest.substring(colon + 1);
    return ref == null ? sha : ref + "/" + sha;
  }
}
