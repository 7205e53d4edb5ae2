package io.flotilla.controllers.source;

import io.flotilla.api.flux.meta.Artifact;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.controllers.runtime.Conditions;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Normal events source-controller sends after a successful run: a new artifact, a recovery. */
public final class Notices {
  private Notices() {}

  /** Flux's event metadata: the artifact's revision and digest. */
  public static Map<String, String> annotations(Artifact artifact) {
    Map<String, String> a = new LinkedHashMap<>();
    a.put(GitRepository.GROUP + "/revision", artifact.revision());
    if (artifact.digest() != null) {
      a.put(GitRepository.GROUP + "/digest", artifact.digest());
    }
    return a;
  }

  /**
   * Flux's {@code FailureRecovery}: the prior status had one of the kind's failure conditions True
   * (the run that ends now succeeds, so none is left).
   */
  public static boolean recovering(List<Condition> prior, Collection<String> failureTypes) {
    return failureTypes.stream()
        .anyMatch(t -> Conditions.find(prior, t).map(Condition::isTrue).orElse(false));
  }

  /**
   * The notice of a successful run: {@code newReason} when the digest changed, {@code Succeeded}
   * style {@code recoveryReason} when only a failure ended, else none.
   */
  public static Stored.Notice of(
      Artifact previous,
      Artifact current,
      List<Condition> prior,
      Collection<String> failureTypes,
      String newReason,
      String recoveryReason,
      String message) {
    if (previous == null || !java.util.Objects.equals(previous.digest(), current.digest())) {
      return new Stored.Notice(newReason, message, annotations(current));
    }
    if (recovering(prior, failureTypes)) {
      return new Stored.Notice(recoveryReason, message, annotations(current));
    }
    return null;
  }
}
