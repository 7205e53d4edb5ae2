package io.flotilla.controllers.fluxconfig;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.flotilla.api.flux.meta.Annotations;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * A configuration's reconcile request ({@code reconcile.fluxcd.io/requestedAt} on the FluxConfig)
 * passed on to its source and Kustomizations once per new token, as a merge patch of the
 * annotation, the way {@code flux reconcile} writes it. Never part of the objects' server-side
 * apply: applied with force on every reconcile, the configuration's older token would overwrite a
 * newer request a user made on the object itself ({@code flux reconcile source git …}), and the
 * user's command would wait for a reconcile that never comes.
 */
final class ReconcileRequests {
  private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);
  // object uid -> the last token passed to it; bounded (least recently passed dropped first), so
  // that deleted objects do not accumulate: a dropped entry costs at most one redundant check
  private static final int MAX_PASSED = 100_000;
  private static final Map<String, String> PASSED =
      java.util.Collections.synchronizedMap(
          new java.util.LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
              return size() > MAX_PASSED;
            }
          });

  private ReconcileRequests() {}

  /** Removes the request from {@code desired} (before its apply); returns the token, or null. */
  static String takeFrom(HasMetadata desired) {
    Map<String, String> a = desired.getMetadata().getAnnotations();
    if (a == null || !a.containsKey(Annotations.RECONCILE_REQUESTED_AT)) {
      return null;
    }
    Map<String, String> rest = new HashMap<>(a);
    String token = rest.remove(Annotations.RECONCILE_REQUESTED_AT);
    desired.getMetadata().setAnnotations(rest.isEmpty() ? null : rest);
    return token;
  }

  /** Passes {@code token} to the applied object {@code live} unless it has already seen it. */
  static void pass(KubernetesClient client, HasMetadata live, String token) {
    if (token == null || live == null || live.getMetadata().getUid() == null) {
      return;
    }
    String uid = live.getMetadata().getUid();
    if (token.equals(PASSED.get(uid))) {
      return;
    }
    Map<String, String> a = live.getMetadata().getAnnotations();
    String current = a == null ? null : a.get(Annotations.RECONCILE_REQUESTED_AT);
    // first sight (e.g. after a restart): the object already has this request, or a later one
    if (!PASSED.containsKey(uid) && (token.equals(current) || later(current, token))) {
      PASSED.put(uid, token);
      return;
    }
    client
        .resource(live)
        .patch(
            MERGE,
            "{\"metadata\":{\"annotations\":{\""
                + Annotations.RECONCILE_REQUESTED_AT
                + "\":\""
                + token.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\"}}}");
    PASSED.put(uid, token);
  }

  private static boolean later(String a, String b) {
    if (a == null) {
      return false;
    }
    try {
      return OffsetDateTime.parse(a).toInstant().isAfter(OffsetDateTime.parse(b).toInstant());
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
