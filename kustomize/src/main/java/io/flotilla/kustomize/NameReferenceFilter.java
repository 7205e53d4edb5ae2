package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * After renames (namespace, prefix, suffix, hash), fields that refer to another resource by one of
 * its previous names get its current name — and, for maps such as RoleBinding subjects and webhook
 * services, its current namespace. Follows kustomize's rules: only resources with a previous id are
 * candidates; the referrer reaches cluster-scoped resources, those in its own namespace and, for a
 * RoleBinding, those in a namespace one of its ServiceAccount subjects names; a map's namespace
 * picks candidates by their original namespace (else current), where an empty namespace counts as
 * {@code default}; several candidates are narrowed to those renamed with the same prefixes and
 * suffixes as the referrer. Candidates are indexed by previous name, so the pass stays linear.
 */
final class NameReferenceFilter {
  private final List<FieldSpecs.NameRef> refs;

  NameReferenceFilter(List<FieldSpecs.NameRef> refs) {
    this.refs = refs;
  }

  void apply(List<Res> resources) throws KustomizeException {
    Map<String, List<Res>> byPreviousName = new HashMap<>();
    for (Res r : resources) {
      for (ResId p : r.previous) {
        List<Res> list = byPreviousName.computeIfAbsent(p.name(), k -> new ArrayList<>());
        if (list.isEmpty() || list.get(list.size() - 1) != r) list.add(r);
      }
    }
    if (byPreviousName.isEmpty()) return;
    for (Res referrer : resources) {
      ResId org = referrer.origin();
      Reach reach = null;
      for (FieldSpecs.NameRef ref : refs) {
        for (FieldSpec fs : ref.referrers()) {
          if (!fs.appliesTo(org)) continue;
          if (reach == null) reach = new Reach(referrer, resources);
          Pass pass = new Pass(referrer, ref, fs, reach, byPreviousName);
          try {
            fs.visit(referrer.obj, pass::set);
          } catch (KustomizeException e) {
            throw new KustomizeException(
                "updating name reference in '%s' field of '%s': %s"
                    .formatted(fs.pathString(), referrer.id(), e.getMessage()));
          }
        }
      }
    }
  }

  /**
   * What a referrer can refer to (kustomize's SubsetThatCouldBeReferencedByResource), fixed before
   * any of its fields change.
   */
  private static final class Reach {
    private final List<Res> resources;
    private final ResId referrer;
    private final boolean clusterScoped;
    private final Set<String> subjectNamespaces = new HashSet<>();
    private Set<String> originalNamespaces;

    Reach(Res r, List<Res> resources) throws KustomizeException {
      this.resources = resources;
      this.referrer = r.id();
      this.clusterScoped = ClusterScoped.is(referrer);
      if (!clusterScoped && referrer.kind().equals("RoleBinding")) {
        for (JsonNode s : r.obj.path("subjects")) {
          JsonNode ns = s.get("namespace");
          if (ns == null || !s.path("kind").asText().equals("ServiceAccount")) continue;
          if (!ns.isTextual()) {
            throw new KustomizeException(
                "Invalid Input: namespace is blank for resource \"%s\"\n".formatted(referrer));
          }
          subjectNamespaces.add(ns.asText());
        }
      }
    }

    boolean reaches(Res c) {
      if (clusterScoped) return true;
      ResId id = c.id();
      return ClusterScoped.is(id)
          || id.effectiveNamespace().equals(referrer.effectiveNamespace())
          || subjectNamespaces.contains(id.namespace());
    }

    /** Whether some reachable resource (of any kind) was first in {@code namespace}. */
    boolean anyOriginallyIn(String namespace) {
      if (originalNamespaces == null) {
        originalNamespaces = new HashSet<>();
        for (Res c : resources) {
          if (reaches(c)) originalNamespaces.add(c.origin().effectiveNamespace());
        }
      }
      return originalNamespaces.contains(namespace);
    }
  }

  /** One field spec of one referrer. */
  private record Pass(
      Res referrer,
      FieldSpecs.NameRef target,
      FieldSpec fs,
      Reach reach,
      Map<String, List<Res>> byPreviousName) {

    void set(ObjectNode parent, String field) throws KustomizeException {
      JsonNode v = parent.get(field);
      if (v == null || v.isNull()) return;
      if (v instanceof ObjectNode o) {
        setMapping(o);
      } else if (v instanceof ArrayNode arr) {
        for (int i = 0; i < arr.size(); i++) {
          JsonNode el = arr.get(i);
          if (el instanceof ObjectNode o) {
            setMapping(o);
          } else if (el.isValueNode() && !el.isNull()) {
            Res referral = select(el.asText(), reach::reaches, false);
            if (referral != null && !referral.name().equals(el.asText())) {
              arr.set(i, referral.name());
            }
          }
        }
      } else {
        Res referral = select(v.asText(), reach::reaches, false);
        if (referral != null && !referral.name().equals(v.asText())) {
          parent.put(field, referral.name());
        }
      }
    }

    private void setMapping(ObjectNode o) throws KustomizeException {
      JsonNode nameNode = o.get("name");
      if (nameNode == null) {
        throw new KustomizeException("path config error; no 'name' field in node");
      }
      String oldName = nameNode.isNull() ? "" : nameNode.asText();
      Predicate<Res> pool = reach::reaches;
      JsonNode nsNode = o.get("namespace");
      if (nsNode != null) {
        String ns = nsNode.isNull() ? "" : nsNode.asText();
        pool =
            reach.anyOriginallyIn(ns)
                ? c -> reach.reaches(c) && c.origin().effectiveNamespace().equals(ns)
                : c -> reach.reaches(c) && c.id().effectiveNamespace().equals(ns);
      }
      Res referral = select(oldName, pool, true);
      if (referral == null) return;
      String namespace = referral.namespace();
      if (referral.name().equals(oldName) && namespace.isEmpty()) return;
      o.put("name", referral.name());
      if (!namespace.isEmpty()) o.put("namespace", namespace);
    }

    /** kustomize's selectReferral: null when nothing (or nothing unambiguous) is referred to. */
    private Res select(String oldName, Predicate<Res> pool, boolean withNamespace)
        throws KustomizeException {
      List<Res> candidates = new ArrayList<>();
      String[] roleRef = roleRef();
      for (Res c : byPreviousName.getOrDefault(oldName, List.of())) {
        if (!previousSelected(c, target.group(), target.version(), target.kind())) continue;
        if (!pool.test(c)) continue;
        if (roleRef != null && !previousSelected(c, roleRef[0], null, roleRef[1])) continue;
        if (!sameNamespaceOrReachable(c)) continue;
        candidates.add(c);
      }
      if (candidates.size() == 1) return candidates.get(0);
      candidates.removeIf(
          c ->
              !sameEnding(c.prefixes, referrer.prefixes)
                  || !sameEnding(c.suffixes, referrer.suffixes));
      if (candidates.size() == 1) return candidates.get(0);
      if (candidates.isEmpty()) return null;
      Res first = candidates.get(0);
      boolean identical = true;
      for (Res c : candidates) {
        identical &=
            c.name().equals(first.name())
                && (!withNamespace || c.namespace().equals(first.namespace()));
      }
      if (identical) return first;
      List<String> ids = new ArrayList<>();
      for (Res c : candidates) ids.add(c.id().toString());
      throw new KustomizeException(" found multiple possible referrals: " + String.join(", ", ids));
    }

    /** A roleRef/name field only refers to the apiGroup and kind its roleRef names. */
    private String[] roleRef() {
      if (!fs.pathString().endsWith("roleRef/name")) return null;
      JsonNode roleRef = referrer.obj.get("roleRef");
      if (roleRef == null || !roleRef.has("apiGroup") || !roleRef.has("kind")) return null;
      return new String[] {roleRef.path("apiGroup").asText(), roleRef.path("kind").asText()};
    }

    private boolean sameNamespaceOrReachable(Res c) {
      ResId rid = referrer.id();
      if (ClusterScoped.is(rid)) return true;
      ResId cid = c.id();
      return ClusterScoped.is(cid)
          || cid.kind().equals("ServiceAccount")
          || cid.effectiveNamespace().equals(rid.effectiveNamespace());
    }

    private static boolean previousSelected(Res c, String group, String version, String kind) {
      ResId cur = c.id();
      for (ResId p : c.previous) {
        if ((group == null || group.isEmpty() || group.equals(cur.group()))
            && (version == null || version.isEmpty() || version.equals(cur.version()))
            && (kind == null || kind.isEmpty() || kind.equals(p.kind()))) {
          return true;
        }
      }
      return false;
    }

    /** Whether one list ends with the other (both empty counts; one empty does not). */
    private static boolean sameEnding(List<String> a, List<String> b) {
      List<String> shorter = a.size() <= b.size() ? a : b;
      List<String> longer = a.size() <= b.size() ? b : a;
      int diff = longer.size() - shorter.size();
      if (shorter.isEmpty()) return diff == 0;
      for (int i = shorter.size() - 1; i >= 0; i--) {
        if (!longer.get(i + diff).equals(shorter.get(i))) return false;
      }
      return true;
    }
  }
}
