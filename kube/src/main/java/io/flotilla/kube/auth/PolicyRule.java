package io.flotilla.kube.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.kube.base.GoText;
import java.util.ArrayList;
import java.util.List;

/**
 * One RBAC rule, with the two questions the API server asks of it: does it allow a request ({@link
 * #allows}), and does it cover a narrower rule ({@link #covers}, for escalation checks).
 */
record PolicyRule(
    List<String> verbs,
    List<String> apiGroups,
    List<String> resources,
    List<String> resourceNames,
    List<String> nonResourceURLs) {
  static final String ALL = "*";

  PolicyRule {
    verbs = List.copyOf(verbs);
    apiGroups = List.copyOf(apiGroups);
    resources = List.copyOf(resources);
    resourceNames = List.copyOf(resourceNames);
    nonResourceURLs = List.copyOf(nonResourceURLs);
  }

  static PolicyRule of(JsonNode rule) {
    return new PolicyRule(
        strings(rule.get("verbs")),
        strings(rule.get("apiGroups")),
        strings(rule.get("resources")),
        strings(rule.get("resourceNames")),
        strings(rule.get("nonResourceURLs")));
  }

  static List<PolicyRule> listOf(JsonNode rules) {
    List<PolicyRule> out = new ArrayList<>();
    if (rules != null && rules.isArray()) {
      rules.forEach(r -> out.add(of(r)));
    }
    return out;
  }

  boolean allows(Attributes a) {
    if (!verbs.contains(ALL) && !verbs.contains(a.verb())) {
      return false;
    }
    if (!a.resourceRequest()) {
      return nonResourceUrlMatches(a.path());
    }
    return (apiGroups.contains(ALL) || apiGroups.contains(a.apiGroup()))
        && resourceMatches(a.combinedResource(), a.subresource())
        && (resourceNames.isEmpty() || resourceNames.contains(a.name()));
  }

  private boolean resourceMatches(String combined, String subresource) {
    for (String r : resources) {
      if (r.equals(ALL) || r.equals(combined)) {
        return true;
      }
      if (!subresource.isEmpty() && r.equals("*/" + subresource)) {
        return true;
      }
    }
    return false;
  }

  private boolean nonResourceUrlMatches(String path) {
    for (String u : nonResourceURLs) {
      if (u.equals(ALL) || u.equals(path)) {
        return true;
      }
      if (u.endsWith("*") && path.startsWith(u.substring(0, u.length() - 1))) {
        return true;
      }
    }
    return false;
  }

  /** Whether everything {@code sub} grants is granted by this rule (kube's ruleCovers). */
  boolean covers(PolicyRule sub) {
    boolean verbOk = verbs.contains(ALL) || verbs.containsAll(sub.verbs);
    boolean groupOk = apiGroups.contains(ALL) || apiGroups.containsAll(sub.apiGroups);
    boolean namesOk =
        sub.resourceNames.isEmpty()
            ? resourceNames.isEmpty()
            : resourceNames.isEmpty() || resourceNames.containsAll(sub.resourceNames);
    return verbOk
        && groupOk
        && resourcesCoverAll(sub.resources)
        && urlsCoverAll(sub.nonResourceURLs)
        && namesOk;
  }

  private boolean resourcesCoverAll(List<String> wanted) {
    if (resources.contains(ALL) || resources.containsAll(wanted)) {
      return true;
    }
    for (String w : wanted) {
      if (resources.contains(w)) {
        continue;
      }
      int slash = w.indexOf('/');
      if (slash < 0 || !resources.contains("*/" + w.substring(slash + 1))) {
        return false;
      }
    }
    return true;
  }

  private boolean urlsCoverAll(List<String> wanted) {
    for (String w : wanted) {
      boolean covered = false;
      for (String owner : nonResourceURLs) {
        if (owner.equals(w)
            || (owner.endsWith("*") && w.startsWith(owner.replaceAll("\\*+$", "")))) {
          covered = true;
          break;
        }
      }
      if (!covered) {
        return false;
      }
    }
    return true;
  }

  /** One rule per group × resource × verb (× name), and per URL × verb. */
  List<PolicyRule> breakdown() {
    List<PolicyRule> out = new ArrayList<>();
    for (String g : apiGroups) {
      for (String r : resources) {
        for (String v : verbs) {
          if (resourceNames.isEmpty()) {
            out.add(new PolicyRule(List.of(v), List.of(g), List.of(r), List.of(), List.of()));
          } else {
            for (String n : resourceNames) {
              out.add(new PolicyRule(List.of(v), List.of(g), List.of(r), List.of(n), List.of()));
            }
          }
        }
      }
    }
    for (String u : nonResourceURLs) {
      for (String v : verbs) {
        out.add(new PolicyRule(List.of(v), List.of(), List.of(), List.of(), List.of(u)));
      }
    }
    return out;
  }

  /** Merges single-group, single-resource rules that differ only by verb (kube's CompactRules). */
  static List<PolicyRule> compact(List<PolicyRule> rules) {
    List<PolicyRule> out = new ArrayList<>();
    java.util.Map<List<String>, Integer> simple = new java.util.HashMap<>();
    for (PolicyRule r : rules) {
      boolean isSimple =
          r.apiGroups.size() == 1
              && r.resources.size() == 1
              && r.resourceNames.isEmpty()
              && r.nonResourceURLs.isEmpty();
      if (!isSimple) {
        out.add(r);
        continue;
      }
      List<String> key = List.of(r.apiGroups.get(0), r.resources.get(0));
      Integer at = simple.get(key);
      if (at == null) {
        simple.put(key, out.size());
        out.add(r);
      } else {
        PolicyRule prev = out.get(at);
        List<String> v = new ArrayList<>(prev.verbs);
        v.addAll(r.verbs);
        out.set(at, new PolicyRule(v, prev.apiGroups, prev.resources, List.of(), List.of()));
      }
    }
    return out;
  }

  /** The rule as kube-apiserver prints it in escalation errors. */
  String compactString() {
    List<String> parts = new ArrayList<>();
    if (!apiGroups.isEmpty()) {
      parts.add("APIGroups:" + GoText.quoteList(apiGroups));
    }
    if (!resources.isEmpty()) {
      parts.add("Resources:" + GoText.quoteList(resources));
    }
    if (!nonResourceURLs.isEmpty()) {
      parts.add("NonResourceURLs:" + GoText.quoteList(nonResourceURLs));
    }
    if (!resourceNames.isEmpty()) {
      parts.add("ResourceNames:" + GoText.quoteList(resourceNames));
    }
    if (!verbs.isEmpty()) {
      parts.add("Verbs:" + GoText.quoteList(verbs));
    }
    return "{" + String.join(", ", parts) + "}";
  }

  private static List<String> strings(JsonNode arr) {
    List<String> out = new ArrayList<>();
    if (arr != null && arr.isArray()) {
      arr.forEach(n -> out.add(n.asText()));
    }
    return out;
  }
}
