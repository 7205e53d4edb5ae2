package io.flotilla.kustomize.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes a random kustomization (a base of small apps and an overlay using a random subset of the
 * enabled features) from a seed, so a failing overlay can be regenerated from its seed alone.
 */
final class OverlayGrammar {

  /** What an overlay may use; names as in {@code differential-features.txt}. */
  enum Feature {
    RESOURCES,
    NESTED_BASES,
    NAMESPACE,
    NAME_PREFIX,
    NAME_SUFFIX,
    COMMON_LABELS,
    LABELS,
    COMMON_ANNOTATIONS,
    IMAGES,
    REPLICAS,
    CONFIGMAP_GENERATOR,
    SECRET_GENERATOR,
    PATCHES_SMP,
    PATCHES_JSON6902,
    NAME_REFERENCES,
    SORT_FIFO,
    YAML_SCALARS;

    String key() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Feature of(String key) {
      for (Feature f : values()) {
        if (f.key().equals(key.trim())) {
          return f;
        }
      }
      throw new IllegalArgumentException(
          "unknown differential feature '%s'; known: %s"
              .formatted(key, Arrays.stream(values()).map(Feature::key).toList()));
    }
  }

  private static final String[] APPS = {
    "web", "api", "db", "cache", "queue", "auth", "search", "mail", "pay", "cart"
  };
  private static final String[] IMAGES = {"nginx", "redis", "postgres", "ghcr.io/acme/api"};
  private static final String[] WORDS = {"alpha", "beta", "gamma", "delta", "blue", "green"};

  /** Values that stress the emitter's quoting and block scalars. */
  private static final String[] TRICKY = {
    "yes",
    "no",
    "on",
    "off",
    "true",
    "null",
    "~",
    "0123",
    "1e3",
    "1.0",
    "0x1F",
    ".5",
    "+1",
    "12:30",
    "2024-01-02",
    ":",
    "a: b",
    "#",
    "- x",
    "*x",
    "&x",
    "!x",
    "@x",
    "%x",
    "{}",
    "[]",
    "",
    " x",
    "x ",
    "it's",
    "say \"hi\"",
    "line1\nline2\n",
    "line1\nline2",
    "tab\there",
    "Grüße 東京",
    "🚀",
    "word ".repeat(30).trim(),
    "a\\b",
    "08",
    "1_000",
    "y",
    "n"
  };

  private final Random random;
  private final Set<Feature> enabled;
  private final Set<Feature> used = EnumSet.noneOf(Feature.class);
  private final Map<String, String> files = new TreeMap<>();

  private OverlayGrammar(long seed, Set<Feature> enabled) {
    this.random = new Random(seed);
    this.enabled = enabled;
  }

  /** The overlay for {@code seed}: file path (relative) to content; the overlay is the root. */
  static Generated generate(long seed, Set<Feature> enabled) {
    OverlayGrammar g = new OverlayGrammar(seed, enabled);
    g.build();
    return new Generated(seed, EnumSet.copyOf(g.usedOrResources()), g.files);
  }

  record Generated(long seed, Set<Feature> used, Map<String, String> files) {
    void writeTo(Path dir) throws IOException {
      for (Map.Entry<String, String> e : files.entrySet()) {
        Path p = dir.resolve(e.getKey());
        Files.createDirectories(p.getParent());
        Files.writeString(p, e.getValue(), StandardCharsets.UTF_8);
      }
    }

    String describe() {
      StringBuilder s = new StringBuilder();
      s.append("seed ").append(seed).append(", features ").append(used).append('\n');
      files.forEach((k, v) -> s.append("=== ").append(k).append('\n').append(v));
      return s.toString();
    }
  }

  private Set<Feature> usedOrResources() {
    used.add(Feature.RESOURCES);
    return used;
  }

  private boolean maybe(Feature f) {
    if (enabled.contains(f) && random.nextBoolean()) {
      used.add(f);
      return true;
    }
    return false;
  }

  private <T> T pick(T[] from) {
    return from[random.nextInt(from.length)];
  }

  private String value() {
    if (enabled.contains(Feature.YAML_SCALARS) && random.nextInt(3) == 0) {
      used.add(Feature.YAML_SCALARS);
      return pick(TRICKY);
    }
    return pick(WORDS) + random.nextInt(100);
  }

  private void build() {
    List<String> apps = new ArrayList<>();
    for (String a : APPS) {
      if (random.nextInt(3) > 0) {
        apps.add(a);
      }
    }
    if (apps.isEmpty()) {
      apps.add(APPS[0]);
    }
    boolean nameRefs = maybe(Feature.NAME_REFERENCES);
    Map<String, List<String>> bases = new LinkedHashMap<>();
    if (maybe(Feature.NESTED_BASES) && apps.size() > 1) {
      int split = 1 + random.nextInt(apps.size() - 1);
      bases.put("base/front", apps.subList(0, split));
      bases.put("base/back", apps.subList(split, apps.size()));
    } else {
      bases.put("base", apps);
    }
    Map<String, Boolean> hasConfig = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> base : bases.entrySet()) {
      StringBuilder k = new StringBuilder("resources:\n");
      for (String app : base.getValue()) {
        StringBuilder docs = new StringBuilder();
        boolean cm = random.nextBoolean();
        boolean sa = random.nextBoolean();
        hasConfig.put(app, cm);
        docs.append(deployment(app, nameRefs && cm, nameRefs && sa));
        if (random.nextBoolean()) {
          docs.append("---\n").append(service(app));
        }
        if (cm) {
          docs.append("---\n").append(configMap(app));
        }
        if (sa) {
          docs.append("---\n").append(serviceAccount(app));
        }
        files.put(base.getKey() + "/" + app + ".yaml", docs.toString());
        k.append("- ").append(app).append(".yaml\n");
      }
      files.put(base.getKey() + "/kustomization.yaml", k.toString());
    }
    files.put("kustomization.yaml", overlay(apps, bases.keySet(), hasConfig));
  }

  private String overlay(List<String> apps, Set<String> bases, Map<String, Boolean> hasConfig) {
    StringBuilder k = new StringBuilder();
    k.append("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n");
    k.append("resources:\n");
    for (String b : bases) {
      k.append("- ").append(b).append('\n');
    }
    if (maybe(Feature.NAMESPACE)) {
      k.append("namespace: ns-").append(pick(WORDS)).append('\n');
    }
    if (maybe(Feature.NAME_PREFIX)) {
      k.append("namePrefix: ").append(pick(WORDS)).append("-\n");
    }
    if (maybe(Feature.NAME_SUFFIX)) {
      k.append("nameSuffix: -").append(pick(WORDS)).append('\n');
    }
    if (maybe(Feature.COMMON_LABELS)) {
      k.append("commonLabels:\n  team: ").append(quoted(pick(WORDS))).append('\n');
    }
    if (maybe(Feature.LABELS)) {
      k.append("labels:\n- pairs:\n    env: ").append(quoted(pick(WORDS))).append('\n');
      if (random.nextBoolean()) {
        k.append("  includeSelectors: true\n");
      } else if (random.nextBoolean()) {
        k.append("  includeTemplates: true\n");
      }
    }
    if (maybe(Feature.COMMON_ANNOTATIONS)) {
      k.append("commonAnnotations:\n  note: ").append(quoted(value())).append('\n');
    }
    if (maybe(Feature.IMAGES)) {
      k.append("images:\n");
      String image = pick(IMAGES);
      k.append("- name: ").append(image).append('\n');
      switch (random.nextInt(3)) {
        case 0 -> k.append("  newTag: \"").append(random.nextInt(10)).append(".0\"\n");
        case 1 -> k.append("  newName: mirror.example.com/").append(image).append('\n');
        default ->
            k.append("  digest: sha256:")
                .append(Integer.toHexString(random.nextInt(16)).repeat(64))
                .append('\n');
      }
    }
    if (maybe(Feature.REPLICAS)) {
      k.append("replicas:\n- name: ")
          .append(pick(apps.toArray(String[]::new)))
          .append("\n  count: ")
          .append(random.nextInt(6))
          .append('\n');
    }
    boolean cmGen = maybe(Feature.CONFIGMAP_GENERATOR);
    if (cmGen) {
      k.append("configMapGenerator:\n- name: generated\n  literals:\n");
      for (int i = 0; i < 1 + random.nextInt(3); i++) {
        k.append("  - ").append(quoted("k" + i + "=" + value().replace("\n", " "))).append('\n');
      }
      if (random.nextInt(4) == 0) {
        k.append("  options:\n    disableNameSuffixHash: true\n");
      }
    }
    if (maybe(Feature.SECRET_GENERATOR)) {
      k.append("secretGenerator:\n- name: creds\n  literals:\n  - token=")
          .append(pick(WORDS))
          .append(random.nextInt(1000))
          .append('\n');
    }
    List<String> patches = new ArrayList<>();
    if (maybe(Feature.PATCHES_SMP)) {
      String app = pick(apps.toArray(String[]::new));
      patches.add(
          """
          - patch: |-
              apiVersion: apps/v1
              kind: Deployment
              metadata:
                name: %s
              spec:
                template:
                  spec:
                    containers:
                    - name: %s
                      env:
                      - name: PATCHED
                        value: %s
          """
              .formatted(app, app, quoted(pick(WORDS))));
    }
    if (maybe(Feature.PATCHES_JSON6902)) {
      patches.add(
          """
          - target:
              kind: Deployment
              labelSelector: app=%s
            patch: |-
              - op: replace
                path: /spec/replicas
                value: %d
              - op: add
                path: /spec/minReadySeconds
                value: %d
          """
              .formatted(pick(apps.toArray(String[]::new)), random.nextInt(5), random.nextInt(30)));
    }
    if (!patches.isEmpty()) {
      k.append("patches:\n");
      patches.forEach(k::append);
    }
    if (maybe(Feature.SORT_FIFO)) {
      k.append("sortOptions:\n  order: fifo\n");
    }
    return k.toString();
  }

  private String deployment(String app, boolean refConfig, boolean refAccount) {
    StringBuilder d = new StringBuilder();
    d.append(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: %s
          labels:
            app: %s
        spec:
          replicas: %d
          selector:
            matchLabels:
              app: %s
          template:
            metadata:
              labels:
                app: %s
            spec:
        """
            .formatted(app, app, 1 + random.nextInt(3), app, app, app));
    if (refAccount) {
      d.append("      serviceAccountName: ").append(app).append('\n');
    }
    d.append("      containers:\n");
    d.append("      - name: ").append(app).append('\n');
    d.append("        image: ").append(pick(IMAGES)).append(":1.").append(random.nextInt(9));
    d.append('\n');
    if (refConfig) {
      d.append("        envFrom:\n        - configMapRef:\n            name: ").append(app);
      d.append('\n');
    }
    return d.toString();
  }

  private String service(String app) {
    return """
        apiVersion: v1
        kind: Service
        metadata:
          name: %s
        spec:
          selector:
            app: %s
          ports:
          - port: %d
        """
        .formatted(app, app, 80 + random.nextInt(9000));
  }

  private String configMap(String app) {
    StringBuilder c = new StringBuilder();
    c.append("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ").append(app).append('\n');
    c.append("data:\n");
    for (int i = 0; i < 1 + random.nextInt(4); i++) {
      c.append("  key").append(i).append(": ").append(quoted(value())).append('\n');
    }
    return c.toString();
  }

  private String serviceAccount(String app) {
    return "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: " + app + "\n";
  }

  /** A YAML double-quoted scalar, so any generated value is read back as the same string. */
  static String quoted(String s) {
    StringBuilder q = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> q.append("\\\"");
        case '\\' -> q.append("\\\\");
        case '\n' -> q.append("\\n");
        case '\t' -> q.append("\\t");
        default -> q.append(c);
      }
    }
    return q.append('"').toString();
  }
}
