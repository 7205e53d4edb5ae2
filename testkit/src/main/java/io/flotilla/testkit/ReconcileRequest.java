package io.flotilla.testkit;

import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * What {@code flux reconcile} writes to ask for a reconcile now: the {@code
 * reconcile.fluxcd.io/requestedAt} annotation as a merge patch, which names no resourceVersion (an
 * {@code edit()} does, and races the controller's own status writes into a 409).
 */
public final class ReconcileRequest {
  private ReconcileRequest() {}

  public static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);

  /** The merge patch that sets the annotation to {@code token}. */
  public static String patch(String token) {
    return "{\"metadata\":{\"annotations\":{\"reconcile.fluxcd.io/requestedAt\":\""
        + token.replace("\\", "\\\\").replace("\"", "\\\"")
        + "\"}}}";
  }

  /** Asks {@code resource}'s controller to reconcile now, as {@code flux reconcile} does. */
  public static void send(Resource<?> resource, String token) {
    resource.patch(MERGE, patch(token));
  }
}
