package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * After renames (prefix, suffix, hash), fields that refer to a renamed object by one of its old
 * names get its new name. Candidates are indexed by kind and every name they had, so the pass is
 * linear in the number of references.
 */
final class NameReferenceFilter {
  private final List<FieldSpecs.NameRef> refs;

  NameReferenceFilter(List<FieldSpecs.NameRef> refs) {
    this.refs = refs;
  }

  void apply(List<Res> resources) throws KustomizeException {
    // kind -> old name -> renamed resources
    Map<String, Map<String, List<Res>>> index = new HashMap<>();
    for (Res r : resources) {
      if (r.previous.isEmpty()) continue;
      String current = r.name();
      for (String n : r.names()) {
        if (n.equals(current)) continue;
        index
            .computeIfAbsent(r.id().kind(), k -> new HashMap<>())
            .computeIfAbsent(n, k -> new ArrayList<>())
            .add(r);
      }
    }
    if (index.isEmpty()) return;
    for (FieldSpecs.NameRef ref : refs) {
      Map<String, List<Res>> byName = index.get(ref.kind());
      if (byName == null) continue;
      for (Res referrer : resources) {
        ResId rid = referrer.id();
        for (FieldSpec fs : ref.referrers()) {
          if (!fs.appliesTo(rid)) continue;
          fs.visit(referrer.obj, (parent, field) -> update(parent, field, ref, byName, referrer));
        }
      }
    }
  }

  private void update(
      ObjectNode parent,
      String field,
      FieldSpecs.NameRef ref,
      Map<String, List<Res>> byName,
      Res referrer) {
    JsonNode v = parent.get(field);
    if (v == null) return;
    if (v.isTextual()) {
      Res target = pick(byName.get(v.asText()), ref, referrer.namespace(), referrer);
      if (target != null) parent.put(field, target.name());
    } else if (v instanceof ArrayNode arr) {
      for (int i = 0; i < arr.size(); i++) {
        JsonNode el = arr.get(i);
        if (el.isTextual()) {
          Res target = pick(byName.get(el.asText()), ref, referrer.namespace(), referrer);
          if (target != null) arr.set(i, target.name());
        } else if (el instanceof ObjectNode o) {
          updateObject(o, ref, byName, referrer);
        }
      }
    } else if (v instanceof ObjectNode o) {
      updateObject(o, ref, byName, referrer);
    }
  }

  /** Subjects and webhook services name their target with name and namespace. */
  private void updateObject(
      ObjectNode o, FieldSpecs.NameRef ref, Map<String, List<Res>> byName, Res referrer) {
    if (o.has("kind") && !o.path("kind").asText().equals(ref.kind())) return;
    String name = o.path("name").asText(null);
    if (name == null) return;
    String ns = o.path("namespace").asText(referrer.namespace());
    List<Res> candidates = byName.get(name);
    if (candidates == null) return;
    Res target = null;
    for (Res c : candidates) {
      if (!ref.matches(c.id())) continue;
      boolean nsMatch = false;
      for (ResId p : c.previous) {
        if (p.namespace().equals(ns)) nsMatch = true;
      }
      if (c.namespace().equals(ns) || nsMatch || ns.isEmpty()) {
        target = c;
        break;
      }
    }
    if (target == null) return;
    o.put("name", target.name());
    if (o.has("namespace") || !target.namespace().isEmpty()) {
      if (!target.namespace().isEmpty()) o.put("namespace", target.namespace());
    }
  }

  private static Res pick(List<Res> candidates, FieldSpecs.NameRef ref, String ns, Res referrer) {
    if (candidates == null) return null;
    Res sameNs = null;
    Res any = null;
    boolean referrerClusterScoped = ClusterScoped.is(referrer.id());
    for (Res c : candidates) {
      if (!ref.matches(c.id())) continue;
      if (ClusterScoped.is(c.id()) || referrerClusterScoped) {
        if (any == null) any = c;
        continue;
      }
      if (c.namespace().equals(ns) && sameNs == null) sameNs = c;
    }
    return sameNs != null ? sameNs : any;
  }
}
