package io.flotilla.server.rollout;

import io.flotilla.server.store.ClusterRow;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The one engine's view of every subject: each call goes to the subject the key's resource type
 * names (a configuration rollout is its own subject; anything else is an assignment).
 */
final class RolloutSubjects implements RolloutSubject {
  private static final String CONFIGURATION_ROLLOUTS =
      "/providers/microsoft.kubernetesconfiguration/fluxconfigurationrollouts/";

  private final RolloutSubject assignments;
  private final RolloutSubject configurations;

  RolloutSubjects(RolloutSubject assignments, RolloutSubject configurations) {
    this.assignments = assignments;
    this.configurations = configurations;
  }

  private RolloutSubject of(String key) {
    return key.contains(CONFIGURATION_ROLLOUTS) ? configurations : assignments;
  }

  @Override
  public Optional<Target> find(Handle h, String key) {
    return of(key).find(h, key);
  }

  @Override
  public List<ClusterRow> clusters(Handle h, String key) {
    return of(key).clusters(h, key);
  }

  @Override
  public Map<String, Observed> observe(Handle h, Target t) {
    return of(t.key()).observe(h, t);
  }

  @Override
  public Map<String, Long> pins(Handle h, String key) {
    return of(key).pins(h, key);
  }

  @Override
  public Map<String, String> pin(
      Handle h, String key, Collection<String> clusterIds, long revision) {
    return of(key).pin(h, key, clusterIds, revision);
  }

  @Override
  public Map<String, String> unpin(Handle h, String key, Collection<String> clusterIds) {
    return of(key).unpin(h, key, clusterIds);
  }

  @Override
  public Map<String, Notes> notes(Handle h, String key) {
    return of(key).notes(h, key);
  }

  @Override
  public void release(Handle h, String key, long revision) {
    of(key).release(h, key, revision);
  }

  @Override
  public void changed(String key) {
    of(key).changed(key);
  }
}
