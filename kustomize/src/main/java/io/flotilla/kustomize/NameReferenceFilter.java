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
    // kind -> any name it had -> resources (maps such as subjects also follow namespace moves)
    Map<String, Map<String, List<Res>>> all = new HashMap<>();
    for (Res r : resources) {
      String current = r.name();
      for (String n : r.names()) {
        all.computeIfAbsent(r.id().kind(), k -> new HashMap<>())
            .computeIfAbsent(n, k -> new ArrayList<>())
            .add(r);
        if (r.previous.isEmpty() || n.equals(current)) continue;
        index
            .computeIfAbsent(r.id().kind(), k -> new HashMap<>())
            .computeIfAbsent(n, k -> new ArrayList<>())
            .add(r);
      }
    }
    for (FieldSpecs.NameRef ref : refs) {
      Map<String, List<Res>> byName = index.getOrDefault(ref.kind(), Map.of());
      Map<String, List<Res>> allByName = all.get(ref.kind());
      if (allByName == null) continue;
      List<Res> ofKind = new ArrayList<>();
      for (Res r : resources) {
        if (ref.matches(r.id())) ofKind.add(r);
      }
      for (Res referrer : resources) {
        ResId rid = referrer.id();
        for (FieldSpec fs : ref.referrers()) {
          if (!fs.appliesTo(rid)) continue;
          fs.visit(
              referrer.obj,
              (parent, field) -> update(parent, field, ref, byName, ofKind, referrer));
        }
      }
    }
  }

  private void update(
      ObjectNode parent,
      String field,
      FieldSpecs.NameRef ref,
      Map<String, List<Res>> byName,
      List<Res> ofKind,
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
          updateObject(o, ref, ofKind, referrer);
        }
      }
    } else if (v instanceof ObjectNode o) {
      updateObject(o, ref, ofKind, referrer);
    }
  }

  /**
   * Subjects and webhook services name their target with name and namespace: the candidates are
   * those whose original namespace (else current one) is the one named, and the map gets the
   * target's current name and namespace even when only the namespace moved.
   */
  private void updateObject(ObjectNode o, FieldSpecs.NameRef ref, List<Res> ofKind, Res referrer) {
    if (o.has("kind") && !o.path("kind").asText().equals(ref.kind())) return;
    JsonNode nameNode = o.get("name");
    if (nameNode == null || !nameNode.isValueNode()) return;
    String name = nameNode.asText();
    List<Res> candidates = ofKind;
    JsonNode nsNode = o.get("namespace");
    if (nsNode != null && nsNode.isValueNode()) {
      String ns = nsNode.asText();
      List<Res> byOrigin = new ArrayList<>();
      List<Res> byCurrent = new ArrayList<>();
      for (Res c : ofKind) {
        if (c.origin().namespace().equals(ns)) byOrigin.add(c);
        if (c.namespace().equals(ns)) byCurrent.add(c);
      }
      candidates = byOrigin.isEmpty() ? byCurrent : byOrigin;
    }
    boolean referrerNamespaced = !ClusterScoped.is(referrer.id());
    List<Res> matched = new ArrayList<>();
    for (Res c : candidates) {
      if (!c.names().contains(name)) continue;
      if (referrerNamespaced
          && !ClusterScoped.is(c.id())
          && !c.id().kind().equals("ServiceAccount")
          && !c.namespace().equals(referrer.namespace())) continue;
      matched.add(c);
    }
    if (matched.isEmpty()) return;
    Res target = matched.get(0);
    if (target.name().equals(name) && target.namespace().isEmpty()) return;
    o.put("name", target.name());
    if (!target.namespace().isEmpty()) o.put("namespace", target.namespace());
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
