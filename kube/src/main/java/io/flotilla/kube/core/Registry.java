package io.flotilla.kube.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which resources are served: the built-in table plus whatever established CRDs add. */
public final class Registry {
  private final List<ResourceType> builtins = BuiltinTypes.all();
  private final Map<String, List<ResourceType>> fromCrds = new ConcurrentHashMap<>();

  public List<ResourceType> all() {
    List<ResourceType> out = new ArrayList<>(builtins);
    fromCrds.values().forEach(out::addAll);
    return out;
  }

  public ResourceType find(String group, String version, String plural) {
    for (ResourceType t : all()) {
      if (t.group().equals(group) && t.version().equals(version) && t.plural().equals(plural)) {
        return t;
      }
    }
    return null;
  }

  /** Any served version of the group/resource (the storage bucket's identity). */
  ResourceType findByStorageKey(String storageKey) {
    ResourceType best = null;
    for (ResourceType t : all()) {
      if (t.storageKey().equals(storageKey)
          && (best == null || VERSION_ORDER.compare(t.version(), best.version()) < 0)) {
        best = t;
      }
    }
    return best;
  }

  public ResourceType findByKind(String apiVersion, String kind) {
    for (ResourceType t : all()) {
      if (t.apiVersion().equals(apiVersion) && t.kind().equals(kind)) {
        return t;
      }
    }
    return null;
  }

  public boolean groupVersionServed(String group, String version) {
    return all().stream().anyMatch(t -> t.group().equals(group) && t.version().equals(version));
  }

  /** Groups in discovery order, each with its versions, preferred first. */
  public Map<String, List<String>> groups() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (ResourceType t : all()) {
      List<String> versions = out.computeIfAbsent(t.group(), g -> new ArrayList<>());
      if (!versions.contains(t.version())) {
        versions.add(t.version());
      }
    }
    out.values().forEach(v -> v.sort(VERSION_ORDER));
    return out;
  }

  public void register(String crdName, List<ResourceType> types) {
    fromCrds.put(crdName, List.copyOf(types));
  }

  public void unregister(String crdName) {
    fromCrds.remove(crdName);
  }

  /** The resource types a CRD object serves, or an empty list if its spec is unusable. */
  public static List<ResourceType> typesOf(ObjectNode crd) {
    JsonNode spec = crd.path("spec");
    String group = spec.path("group").asText("");
    JsonNode names = spec.path("names");
    String plural = names.path("plural").asText("");
    String kind = names.path("kind").asText("");
    String singular = names.path("singular").asText(kind.toLowerCase(Locale.ROOT));
    boolean namespaced = !"Cluster".equals(spec.path("scope").asText("Namespaced"));
    List<String> shortNames = strings(names.path("shortNames"));
    List<String> categories = strings(names.path("categories"));
    List<ResourceType> out = new ArrayList<>();
    for (JsonNode v : spec.path("versions")) {
      if (!v.path("served").asBoolean(true)) {
        continue;
      }
      JsonNode schema = v.path("schema").path("openAPIV3Schema");
      out.add(
          new ResourceType(
              group,
              v.path("name").asText(),
              plural,
              singular,
              kind,
              namespaced,
              shortNames,
              categories,
              v.path("subresources").has("status"),
              schema.isMissingNode() ? Json.object() : schema,
              v.path("additionalPrinterColumns").isArray()
                  ? v.get("additionalPrinterColumns")
                  : null));
    }
    return out;
  }

  private static List<String> strings(JsonNode arr) {
    List<String> out = new ArrayList<>();
    arr.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static final Pattern KUBE_VERSION = Pattern.compile("v(\\d+)(?:(alpha|beta)(\\d+))?");

  /** Kubernetes version priority: GA before beta before alpha, higher numbers first. */
  public static final Comparator<String> VERSION_ORDER =
      (a, b) -> {
        Matcher ma = KUBE_VERSION.matcher(a);
        Matcher mb = KUBE_VERSION.matcher(b);
        boolean ka = ma.matches();
        boolean kb = mb.matches();
        if (!ka || !kb) {
          return ka ? -1 : kb ? 1 : a.compareTo(b);
        }
        int sa = stability(ma.group(2));
        int sb = stability(mb.group(2));
        if (sa != sb) {
          return Integer.compare(sb, sa);
        }
        int major = Integer.compare(Integer.parseInt(mb.group(1)), Integer.parseInt(ma.group(1)));
        if (major != 0) {
          return major;
        }
        return ma.group(3) == null
            ? 0
            : Integer.compare(Integer.parseInt(mb.group(3)), Integer.parseInt(ma.group(3)));
      };

  private static int stability(String s) {
    return s == null ? 2 : s.equals("beta") ? 1 : 0;
  }
}
