package io.flotilla.apply;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The delete (prune) verb: reverse kind order; deletes only objects still carrying every required
 * owner label and not opted out; keeps going past failures and reports them all at the end.
 */
final class Deleter {
  private final Cluster cluster;
  private final LastSeen lastSeen;

  Deleter(Cluster cluster, LastSeen lastSeen) {
    this.cluster = cluster;
    this.lastSeen = lastSeen;
  }

  ChangeSet deleteAll(List<ObjectRef> refs, DeleteOptions options) throws ApplyException {
    List<ObjectRef> sorted = new ArrayList<>(refs);
    sorted.sort(KindOrder.APPLY.reversed());
    List<ChangeSetEntry> entries = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (ObjectRef ref : sorted) {
      try {
        entries.add(delete(ref, options));
      } catch (RuntimeException e) {
        entries.add(new ChangeSetEntry(ref, Action.UNKNOWN, Errors.serverMessage(e)));
        errors.add(ref.subject() + " delete failed: " + Errors.serverMessage(e));
      }
    }
    ChangeSet result = new ChangeSet(entries);
    if (!errors.isEmpty()) {
      throw new ApplyException("delete failed, errors: " + String.join("; ", errors), result, null);
    }
    return result;
  }

  private ChangeSetEntry delete(ObjectRef ref, DeleteOptions options) {
    Optional<GenericKubernetesResource> live;
    try {
      live = cluster.get(ref);
    } catch (Cluster.UnknownKindException e) {
      // The kind is no longer served (its CRD is gone), so neither is the object.
      return new ChangeSetEntry(ref, Action.DELETED, "kind no longer served");
    }
    if (live.isEmpty()) {
      // Flux reports an already-gone object as deleted: it has left the cluster either way.
      return new ChangeSetEntry(ref, Action.DELETED, "not found");
    }
    GenericKubernetesResource object = live.get();
    if (!ownedBy(object, options.requiredOwnerLabels())) {
      return new ChangeSetEntry(ref, Action.SKIPPED, "owner labels do not match");
    }
    if (FluxMetadata.pruneExcluded(object)) {
      return new ChangeSetEntry(ref, Action.SKIPPED, "pruning disabled by annotation");
    }
    lastSeen.forget(ref);
    cluster.delete(ref, options.propagation());
    return new ChangeSetEntry(ref, Action.DELETED);
  }

  private static boolean ownedBy(GenericKubernetesResource object, Map<String, String> required) {
    Map<String, String> labels =
        object.getMetadata() == null || object.getMetadata().getLabels() == null
            ? Map.of()
            : object.getMetadata().getLabels();
    return required.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }
}
