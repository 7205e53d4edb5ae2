package io.flotilla.kube.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.Json;
import java.util.Locale;

/**
 * The status the apiextensions controller gives a served CRD: accepted names, NamesAccepted and
 * Established conditions (transition times kept while True), stored versions (never forgotten).
 */
final class CrdStatus {
  private CrdStatus() {}

  /** The CRD with its Established status, or null when the stored status already says so. */
  static ObjectNode established(ObjectNode crd) {
    ObjectNode st = Json.object();
    ObjectNode names = crd.path("spec").path("names").deepCopy();
    String kind = names.path("kind").asText();
    if (!names.has("singular")) {
      names.put("singular", kind.toLowerCase(Locale.ROOT));
    }
    if (!names.has("listKind")) {
      names.put("listKind", kind + "List");
    }
    st.set("acceptedNames", names);
    ArrayNode conds = st.putArray("conditions");
    String now = Json.now();
    JsonNode oldConds = Json.at(crd, "status", "conditions");
    conds.add(condition("NamesAccepted", "NoConflicts", "no conflicts found", now, oldConds));
    conds.add(
        condition(
            "Established",
            "InitialNamesAccepted",
            "the initial names have been accepted",
            now,
            oldConds));
    ArrayNode stored = st.putArray("storedVersions");
    for (JsonNode v : crd.path("spec").path("versions")) {
      if (v.path("storage").asBoolean(false)) {
        stored.add(v.path("name").asText());
      }
    }
    JsonNode prevStored = Json.at(crd, "status", "storedVersions");
    if (prevStored != null) {
      for (JsonNode v : prevStored) {
        boolean present = false;
        for (JsonNode s : stored) {
          present |= s.equals(v);
        }
        if (!present) {
          stored.add(v);
        }
      }
    }
    if (st.equals(crd.get("status"))) {
      return null;
    }
    ObjectNode want = crd.deepCopy();
    want.set("status", st);
    return want;
  }

  private static ObjectNode condition(
      String type, String reason, String message, String now, JsonNode old) {
    ObjectNode c = Json.object();
    c.put("type", type);
    c.put("status", "True");
    String since = now;
    if (old != null) {
      for (JsonNode o : old) {
        if (type.equals(o.path("type").asText()) && "True".equals(o.path("status").asText())) {
          since = o.path("lastTransitionTime").asText(now);
        }
      }
    }
    c.put("lastTransitionTime", since);
    c.put("reason", reason);
    c.put("message", message);
    return c;
  }
}
