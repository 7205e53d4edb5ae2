package io.flotilla.kube.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import java.util.ArrayList;
import java.util.List;

/**
 * Options of a delete: dry run, propagation policy (null: the type's default) and the preconditions
 * a client may set on the object's uid and resourceVersion.
 */
public record DeleteOpts(
    boolean dryRun, String propagationPolicy, String preconditionUid, String preconditionRv) {

  /** Throws kube-apiserver's 409 when a precondition does not hold for the stored metadata. */
  void checkPreconditions(ResourceType t, String name, JsonNode meta) {
    if (preconditionUid != null && !preconditionUid.equals(Json.text(meta, "uid"))) {
      throw preconditionFailed(
          t,
          name,
          "UID in precondition: " + preconditionUid + ", UID in object meta: ",
          meta,
          "uid");
    }
    if (preconditionRv != null && !preconditionRv.equals(Json.text(meta, "resourceVersion"))) {
      throw preconditionFailed(
          t,
          name,
          "ResourceVersion in precondition: " + preconditionRv + ", ResourceVersion in meta: ",
          meta,
          "resourceVersion");
    }
  }

  private static ApiException preconditionFailed(
      ResourceType t, String name, String detail, JsonNode meta, String field) {
    return ApiException.conflictMessage(
        t,
        name,
        "Operation cannot be fulfilled on "
            + t.groupResource()
            + " \""
            + name
            + "\": Precondition failed: "
            + detail
            + Json.text(meta, field),
        List.of());
  }

  /** The finalizers the propagation policy adds (foregroundDeletion or orphan), if not there. */
  List<String> finalizersToAdd(ResourceType t, List<String> finalizers) {
    String policy =
        propagationPolicy == null ? GarbageCollector.defaultPolicy(t) : propagationPolicy;
    List<String> add = new ArrayList<>();
    if (policy.equals("Foreground") && !finalizers.contains("foregroundDeletion")) {
      add.add("foregroundDeletion");
    } else if (policy.equals("Orphan") && !finalizers.contains("orphan")) {
      add.add("orphan");
    }
    return add;
  }
}
