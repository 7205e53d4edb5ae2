package io.flotilla.kube.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.admission.Admission;
import io.flotilla.kube.admission.Defaults;
import io.flotilla.kube.admission.WriteOpts;
import io.flotilla.kube.apply.ManagedFields;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import java.util.List;
import java.util.Objects;

/**
 * The next stored version of an object, before it is committed: what clients may not change is
 * kept, status-subresource rules applied, defaults and admission run, generation bumped and managed
 * fields recorded. Pure: the store is not touched.
 */
final class NextVersion {
  private static final List<String> KEPT_METADATA =
      List.of(
          "name",
          "namespace",
          "uid",
          "creationTimestamp",
          "deletionTimestamp",
          "deletionGracePeriodSeconds",
          "generation");

  private NextVersion() {}

  /**
   * @param sub the subresource written through ({@code status}, {@code scale}) or null
   * @param applied managed fields already computed by server-side apply, or null for an Update
   */
  static ObjectNode of(
      ResourceType t,
      ObjectNode old,
      ObjectNode candidate,
      String sub,
      WriteOpts o,
      List<ManagedFields.Entry> applied) {
    ObjectNode oldMeta = (ObjectNode) old.get("metadata");
    ObjectNode n = "status".equals(sub) ? statusOf(old, candidate) : mainOf(t, old, candidate);
    n.put("apiVersion", t.apiVersion());
    n.put("kind", t.kind());
    ObjectNode m = Json.meta(n);
    for (String f : KEPT_METADATA) {
      if (oldMeta.has(f)) {
        m.set(f, oldMeta.get(f));
      } else {
        m.remove(f);
      }
    }
    m.put("resourceVersion", Json.text(oldMeta, "resourceVersion"));
    if (oldMeta.has("deletionTimestamp")) {
      noNewFinalizers(t, oldMeta, m);
    }
    Defaults.onUpdate(t, old, n);
    Admission.update(t, old, n, o, applied != null);
    if (!Objects.equals(withoutMetaAndStatus(old), withoutMetaAndStatus(n))) {
      m.put("generation", oldMeta.path("generation").asLong(0) + 1);
    }
    boolean managedFieldsGiven =
        applied == null
            && m.has("managedFields")
            && !m.get("managedFields").equals(oldMeta.get("managedFields"));
    if (applied != null) {
      ManagedFields.write(n, applied);
    } else if (managedFieldsGiven) {
      // A client that sends managedFields explicitly replaces them (an empty list clears them).
      List<ManagedFields.Entry> given = ManagedFields.read(n);
      ManagedFields.write(n, given);
    } else {
      List<ManagedFields.Entry> entries = ManagedFields.read(old);
      ManagedFields.write(n, ManagedFields.afterUpdate(entries, old, n, t, o.manager(), sub));
    }
    return n;
  }

  /** Through the status subresource only status (and given managedFields) change. */
  private static ObjectNode statusOf(ObjectNode old, ObjectNode candidate) {
    ObjectNode n = old.deepCopy();
    if (candidate.has("status")) {
      n.set("status", candidate.get("status").deepCopy());
    } else {
      n.remove("status");
    }
    if (candidate.get("metadata") instanceof ObjectNode cm && cm.has("managedFields")) {
      Json.meta(n).set("managedFields", cm.get("managedFields").deepCopy());
    }
    return n;
  }

  /** Through the main resource everything but the status (when the type has the subresource). */
  private static ObjectNode mainOf(ResourceType t, ObjectNode old, ObjectNode candidate) {
    ObjectNode n = candidate.deepCopy();
    if (t.hasStatus()) {
      if (old.has("status")) {
        n.set("status", old.get("status").deepCopy());
      } else {
        n.remove("status");
      }
    }
    return n;
  }

  private static void noNewFinalizers(ResourceType t, ObjectNode oldMeta, ObjectNode m) {
    List<String> before = Json.strings(oldMeta.get("finalizers"));
    for (String f : Json.strings(m.get("finalizers"))) {
      if (!before.contains(f)) {
        throw ApiException.invalid(
            t,
            Json.text(oldMeta, "name"),
            "metadata.finalizers",
            "Forbidden: no new finalizers can be added if the object is being deleted, found new"
                + " finalizers []string{\""
                + f
                + "\"}");
      }
    }
  }

  private static JsonNode withoutMetaAndStatus(ObjectNode o) {
    ObjectNode c = o.deepCopy();
    c.remove("metadata");
    c.remove("status");
    c.remove("apiVersion");
    c.remove("kind");
    return c;
  }
}
