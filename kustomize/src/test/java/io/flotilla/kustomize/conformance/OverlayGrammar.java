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
 * Writes a random kustomization (bases of small apps and an overlay using a random subset of the
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
    YAML_SCALARS,
    /** Roles, bindings and their ServiceAccount subjects, with and without namespaces. */
    RBAC_SUBJECTS,
    /** Components adding resources, labels, patches and generators. */
    COMPONENTS,
    /** Generators with behavior merge/replace over generated and plain ConfigMaps and Secrets. */
    MERGE_GENERATORS,
    GENERATOR_OPTIONS,
    VARS,
    REPLACEMENTS,
    CRDS,
    OPENAPI,
    CONFIGURATIONS,
    /** patchesStrategicMerge and patchesJson6902, and patch targets by selectors. */
    PATCH_TARGETS,
    BUILD_METADATA,
    /** A local chart inflated by helmCharts (needs kubectl's --enable-helm and a helm command). */
    HELM_CHARTS,
    /**
     * HPAs, Ingresses, StatefulSets with claims, CronJobs, Pods and PDBs that name other objects.
     */
    MORE_KINDS,
    /** Generator data from files and env files. */
    GENERATOR_SOURCES,
    /** Patches that rename objects (allowNameChange). */
    PATCH_OPTIONS,
    /** Legacy order with custom orderFirst/orderLast. */
    SORT_CUSTOM,
    /** Two bases holding apps of the same names in different namespaces (ambiguous references). */
    SHARED_NAMES,
    /** Patch files (YAML and JSON), delete/replace directives, list merges by key. */
    PATCH_VARIANTS,
    /**
     * Resources as a JSON file and as a v1 List; images with tag and digest, on init containers.
     */
    RESOURCE_FORMS;

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

  /** One in this many overlays may inflate a chart: the helm command costs seconds per build. */
  static final int HELM_ONE_IN = 40;

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

  /** Plain scalars whose type differs between YAML 1.1 and 1.2 or that are not strings. */
  private static final String[] PLAIN = {
    "2024-01-02", "2001-12-14t21:59:43.10-05:00", "12:30", "~", "word", "on", "0123"
  };

  /** One app of the base: which objects it has and where they live. */
  private record App(
      String name,
      String base,
      String namespace,
      boolean service,
      boolean config,
      boolean account,
      String rbac,
      String varUsed) {

    /** {@code metadata.namespace} lines for its objects ("" when it has none). */
    String nsLine() {
      return namespace.isEmpty() ? "" : "  namespace: " + namespace + "\n";
    }
  }

  private final Random random;
  private final Set<Feature> enabled;
  private final Set<Feature> used = EnumSet.noneOf(Feature.class);
  private final Map<String, String> files = new TreeMap<>();
  private final List<App> apps = new ArrayList<>();
  private final List<String> vars = new ArrayList<>();

  /** ConfigMaps (and Secrets) a generator in a base creates: name to whether it is hashed. */
  private final Map<String, Boolean> baseGenerated = new LinkedHashMap<>();

  private boolean helm;
  private boolean widget;

  /** Apps of one name in two namespaces: an overlay namespace would make them one id. */
  private boolean shared;

  private OverlayGrammar(long seed, Set<Feature> enabled) {
    this.random = new Random(seed);
    this.enabled = enabled;
  }

  /** The overlay for {@code seed}: file path (relative) to content; the overlay is the root. */
  static Generated generate(long seed, Set<Feature> enabled) {
    OverlayGrammar g = new OverlayGrammar(seed, enabled);
    g.build();
    return new Generated(seed, EnumSet.copyOf(g.usedOrResources()), g.files, g.helm);
  }

  /** {@code helm}: build with {@code --enable-helm}. */
  record Generated(long seed, Set<Feature> used, Map<String, String> files, boolean helm) {
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

  /** Like {@link #maybe} but only one time in {@code n}. */
  private boolean rarely(Feature f, int n) {
    if (enabled.contains(f) && random.nextInt(n) == 0) {
      used.add(f);
      return true;
    }
    return false;
  }

  private boolean chance(int n) {
    return random.nextInt(n) == 0;
  }

  private <T> T pick(T[] from) {
    return from[random.nextInt(from.length)];
  }

  private <T> T pick(List<T> from) {
    return from.get(random.nextInt(from.size()));
  }

  private String value() {
    if (enabled.contains(Feature.YAML_SCALARS) && random.nextInt(3) == 0) {
      used.add(Feature.YAML_SCALARS);
      return pick(TRICKY);
    }
    return pick(WORDS) + random.nextInt(100);
  }

  private static String upper(String app) {
    return app.toUpperCase(Locale.ROOT);
  }

  private void build() {
    List<String> names = new ArrayList<>();
    for (String a : APPS) {
      if (random.nextInt(3) > 0) {
        names.add(a);
      }
    }
    if (names.isEmpty()) {
      names.add(APPS[0]);
    }
    boolean nameRefs = maybe(Feature.NAME_REFERENCES);
    boolean rbac = maybe(Feature.RBAC_SUBJECTS);
    boolean useVars = maybe(Feature.VARS);
    List<String> bases = new ArrayList<>();
    int split = names.size();
    if (maybe(Feature.NESTED_BASES) && names.size() > 1) {
      split = 1 + random.nextInt(names.size() - 1);
      bases.add("base/front");
      bases.add("base/back");
    } else {
      bases.add("base");
    }
    boolean namespaced = enabled.contains(Feature.NAMESPACE) || rbac;
    for (int i = 0; i < names.size(); i++) {
      String ns = "";
      if (namespaced && chance(4)) {
        ns = chance(2) ? "default" : "team";
      }
      String rbacKind = "";
      if (rbac && random.nextInt(3) > 0) {
        rbacKind = chance(3) ? "cluster" : "role";
      }
      apps.add(
          new App(
              names.get(i),
              i < split ? bases.get(0) : bases.get(bases.size() - 1),
              ns,
              random.nextBoolean(),
              random.nextBoolean(),
              random.nextBoolean() || !rbacKind.isEmpty(),
              rbacKind,
              null));
    }
    if (bases.size() > 1 && maybe(Feature.SHARED_NAMES)) {
      // the back base gets its own copy of some front apps, in another namespace
      List<App> copies = new ArrayList<>();
      for (App a : apps) {
        if (a.base().equals(bases.get(0)) && random.nextBoolean()) {
          String ns = a.namespace().equals("team") ? "other" : "team";
          copies.add(
              new App(
                  a.name(),
                  bases.get(1),
                  ns,
                  a.service(),
                  a.config(),
                  a.account(),
                  a.rbac().equals("cluster") ? "role" : a.rbac(), // one ClusterRole per name
                  null));
        }
      }
      shared = !copies.isEmpty();
      apps.addAll(copies);
    }
    if (useVars) {
      for (App a : apps) {
        String v = upper(a.name()) + "_SVC";
        if (a.service() && !vars.contains(v)) vars.add(v);
      }
      if (vars.isEmpty()) vars.add("UNDEFINED_VAR");
      for (int i = 0; i < apps.size(); i++) {
        if (random.nextBoolean()) {
          App a = apps.get(i);
          apps.set(
              i,
              new App(
                  a.name(),
                  a.base(),
                  a.namespace(),
                  a.service(),
                  a.config(),
                  a.account(),
                  a.rbac(),
                  pick(vars)));
        }
      }
    }
    for (String base : bases) {
      writeBase(base, nameRefs);
    }
    files.put("kustomization.yaml", overlay(bases));
  }

  private void writeBase(String base, boolean nameRefs) {
    StringBuilder k = new StringBuilder("resources:\n");
    for (App app : apps) {
      if (!app.base().equals(base)) continue;
      StringBuilder docs = new StringBuilder();
      docs.append(deployment(app, nameRefs));
      if (app.service()) docs.append("---\n").append(service(app));
      if (app.config()) docs.append("---\n").append(configMap(app));
      if (app.account()) docs.append("---\n").append(serviceAccount(app));
      if (!app.rbac().isEmpty()) docs.append(rbac(app));
      files.put(base + "/" + app.name() + ".yaml", docs.toString());
      k.append("- ").append(app.name()).append(".yaml\n");
    }
    if (maybe(Feature.MORE_KINDS)) {
      files.put(base + "/kinds.yaml", moreKinds(base));
      k.append("- kinds.yaml\n");
    }
    if (maybe(Feature.RESOURCE_FORMS)) {
      String tag = base.replace("base/", "").replace("base", "b");
      files.put(
          base + "/extra.json",
          ("{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\":"
                  + " \"json-%s\"}, \"data\": {\"n\": \"%s\", \"big\": \"%d\"}}")
              .formatted(
                  tag, value().replace("\\", "").replace("\"", "").replace("\n", ""), 1L << 40));
      files.put(
          base + "/list.yaml",
          ("apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n"
                  + "  metadata:\n    name: listed-%s\n  stringData:\n    a: b\n"
                  + "- apiVersion: batch/v1\n  kind: Job\n  metadata:\n    name: job-%s\n"
                  + "  spec:\n    template:\n      spec:\n        initContainers:\n"
                  + "        - name: init\n          image: %s:0.1\n        containers:\n"
                  + "        - name: main\n          image: %s\n        restartPolicy: Never\n")
              .formatted(tag, tag, pick(IMAGES), pick(IMAGES)));
      k.append("- extra.json\n- list.yaml\n");
    }
    // a base of its own context: a prefix or a namespace that an overlay's renames stack on
    if (enabled.contains(Feature.NAME_PREFIX) && chance(5)) {
      used.add(Feature.NAME_PREFIX);
      k.append("namePrefix: ").append(base.replace("base/", "")).append("-\n");
    }
    if (enabled.contains(Feature.NAMESPACE) && chance(6)) {
      used.add(Feature.NAMESPACE);
      k.append("namespace: ns-").append(pick(WORDS)).append('\n');
    }
    if (enabled.contains(Feature.MERGE_GENERATORS) && random.nextBoolean()) {
      String name = base.equals("base/back") ? "settings-back" : "settings";
      boolean hashed = !chance(3);
      baseGenerated.put(name, hashed);
      k.append("configMapGenerator:\n- name: ").append(name).append("\n  literals:\n");
      k.append("  - mode=base\n  - ").append(quoted("level=" + value())).append('\n');
      if (!hashed) k.append("  options:\n    disableNameSuffixHash: true\n");
      if (random.nextBoolean()) {
        baseGenerated.put("creds-" + name, true);
        k.append("secretGenerator:\n- name: creds-").append(name);
        k.append("\n  literals:\n  - user=").append(pick(WORDS)).append('\n');
      }
    }
    files.put(base + "/kustomization.yaml", k.toString());
  }

  private String overlay(List<String> bases) {
    StringBuilder k = new StringBuilder();
    k.append("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n");
    k.append("resources:\n");
    for (String b : bases) {
      k.append("- ").append(b).append('\n');
    }
    boolean crds = maybe(Feature.CRDS);
    boolean openapi = rarely(Feature.OPENAPI, 4);
    boolean configurations = maybe(Feature.CONFIGURATIONS);
    widget = crds || openapi || configurations;
    if (widget) {
      App config = firstWith(App::config);
      App svc = firstWith(App::service);
      files.put(
          "widget.yaml",
          OverlayParts.widget(
              "w",
              config == null ? null : config.name(),
              random.nextBoolean() ? "creds" : null,
              svc == null ? null : svc.name(),
              1 + random.nextInt(3)));
      k.append("- widget.yaml\n");
    }
    if (crds) {
      files.put("crd.json", OverlayParts.CRD_SCHEMA);
      k.append("crds:\n- crd.json\n");
    }
    if (openapi) {
      files.put("schema.json", OverlayParts.OPENAPI_SCHEMA);
      k.append("openapi:\n  path: schema.json\n");
    }
    if (configurations) {
      files.put("config.yaml", OverlayParts.CONFIGURATIONS);
      k.append("configurations:\n- config.yaml\n");
    }
    if (!shared && maybe(Feature.NAMESPACE)) {
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
      // unquoted, a kustomization's scalars read as YAML 1.1 (yes is a bool, a date stays text)
      String note = random.nextInt(5) == 0 ? pick(PLAIN) : quoted(value());
      k.append("commonAnnotations:\n  note: ").append(note).append('\n');
    }
    if (maybe(Feature.IMAGES)) {
      k.append("images:\n");
      String image = pick(IMAGES);
      k.append("- name: ").append(image).append('\n');
      switch (random.nextInt(enabled.contains(Feature.RESOURCE_FORMS) ? 4 : 3)) {
        case 3 -> {
          used.add(Feature.RESOURCE_FORMS);
          k.append("  newName: ").append(image).append("-mirror\n  newTag: v2\n");
          k.append("  digest: sha256:").append("ab".repeat(32)).append('\n');
        }
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
          .append(pick(apps).name())
          .append("\n  count: ")
          .append(random.nextInt(6))
          .append('\n');
    }
    configMapGenerators(k);
    secretGenerators(k);
    if (maybe(Feature.GENERATOR_OPTIONS)) {
      k.append("generatorOptions:\n");
      switch (random.nextInt(4)) {
        case 0 -> k.append("  disableNameSuffixHash: true\n");
        case 1 -> k.append("  labels:\n    generated: ").append(quoted(pick(WORDS))).append('\n');
        case 2 -> k.append("  annotations:\n    note: ").append(quoted(value())).append('\n');
        default -> k.append("  immutable: true\n");
      }
    }
    patches(k);
    if (maybe(Feature.COMPONENTS)) {
      component(k);
    }
    if (!vars.isEmpty()) {
      varsSection(k);
    }
    if (maybe(Feature.REPLACEMENTS)) {
      replacements(k);
    }
    if (rarely(Feature.HELM_CHARTS, HELM_ONE_IN)) {
      helm = true;
      files.putAll(OverlayParts.chart("charts/web"));
      k.append("helmCharts:\n- name: web\n  releaseName: ").append(pick(WORDS)).append('\n');
      if (random.nextBoolean()) k.append("  namespace: charted\n");
      k.append("  valuesInline:\n    replicaCount: ").append(1 + random.nextInt(4)).append('\n');
      k.append("    greeting: ").append(quoted(value())).append('\n');
    }
    if (maybe(Feature.BUILD_METADATA)) {
      List<String> options = new ArrayList<>();
      for (String o : List.of("managedByLabel", "originAnnotations", "transformerAnnotations")) {
        if (random.nextBoolean()) options.add(o);
      }
      if (options.isEmpty()) options.add("managedByLabel");
      k.append("buildMetadata: [").append(String.join(", ", options)).append("]\n");
    }
    if (maybe(Feature.SORT_FIFO)) {
      k.append("sortOptions:\n  order: fifo\n");
    } else if (maybe(Feature.SORT_CUSTOM)) {
      List<String> kinds =
          new ArrayList<>(
              List.of("Deployment", "Service", "ConfigMap", "ServiceAccount", "Secret", "Role"));
      java.util.Collections.shuffle(kinds, random);
      k.append("sortOptions:\n  order: legacy\n  legacySortOptions:\n    orderFirst:\n");
      k.append("    - ").append(kinds.get(0)).append("\n    - ").append(kinds.get(1));
      k.append("\n    orderLast:\n    - ").append(kinds.get(2)).append('\n');
    }
    return k.toString();
  }

  private App firstWith(java.util.function.Predicate<App> p) {
    for (App a : apps) {
      if (p.test(a)) return a;
    }
    return null;
  }

  private void configMapGenerators(StringBuilder k) {
    List<String> entries = new ArrayList<>();
    if (enabled.contains(Feature.GENERATOR_SOURCES) && random.nextBoolean()) {
      used.add(Feature.GENERATOR_SOURCES);
      files.putIfAbsent("files/app.properties", "mode=" + pick(WORDS) + "\n# comment\nempty=\n");
      files.putIfAbsent("files/motd.txt", "line one\n  indented\ntrailing space \n");
      files.putIfAbsent("files/blob.bin", "\u0000\u0001binary\u00ff");
      StringBuilder e = new StringBuilder("- name: sourced\n");
      switch (random.nextInt(3)) {
        case 0 -> e.append("  envs:\n  - files/app.properties\n");
        case 1 -> e.append("  files:\n  - files/motd.txt\n  - renamed=files/blob.bin\n");
        default -> e.append("  files:\n  - files/motd.txt\n  envs:\n  - files/app.properties\n");
      }
      entries.add(e.toString());
    }
    if (maybe(Feature.CONFIGMAP_GENERATOR)) {
      StringBuilder e = new StringBuilder("- name: generated\n  literals:\n");
      for (int i = 0; i < 1 + random.nextInt(3); i++) {
        e.append("  - ").append(quoted("k" + i + "=" + value().replace("\n", " "))).append('\n');
      }
      if (random.nextInt(4) == 0) {
        e.append("  options:\n    disableNameSuffixHash: true\n");
      }
      entries.add(e.toString());
    }
    if (maybe(Feature.MERGE_GENERATORS)) {
      List<String> targets = new ArrayList<>();
      for (App a : apps) {
        if (a.config() && a.namespace().isEmpty()) targets.add(a.name());
      }
      for (String g : baseGenerated.keySet()) {
        if (!g.startsWith("creds-")) targets.add(g);
      }
      if (!targets.isEmpty()) {
        String target = pick(targets);
        entries.add(mergeEntry(target, random.nextInt(3) == 0 ? "replace" : "merge"));
      }
    }
    if (!entries.isEmpty()) {
      k.append("configMapGenerator:\n");
      entries.forEach(k::append);
    }
  }

  private String mergeEntry(String target, String behavior) {
    StringBuilder e = new StringBuilder("- name: ").append(target).append('\n');
    e.append("  behavior: ").append(behavior).append("\n  literals:\n");
    e.append("  - ").append(quoted("key0=" + value().replace("\n", " "))).append('\n');
    e.append("  - merged=").append(pick(WORDS)).append('\n');
    if (random.nextBoolean()) {
      e.append("  options:\n");
      if (random.nextBoolean()) e.append("    disableNameSuffixHash: true\n");
      e.append("    labels:\n      merged: ").append(quoted(pick(WORDS))).append('\n');
    }
    return e.toString();
  }

  private void secretGenerators(StringBuilder k) {
    List<String> entries = new ArrayList<>();
    if (maybe(Feature.SECRET_GENERATOR)) {
      entries.add(
          "- name: creds\n  literals:\n  - token=" + pick(WORDS) + random.nextInt(1000) + "\n");
    }
    if (maybe(Feature.GENERATOR_SOURCES)) {
      files.put("files/app.properties", "mode=" + pick(WORDS) + "\nlevel=" + value() + "\n");
      files.put(
          "files/motd.txt", random.nextBoolean() ? "line one\nline two\n" : "no newline at end");
      files.put("files/blob.bin", "\u0000\u0001binary\u00ff");
      files.put("files/tls.crt", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
      files.put("files/tls.key", "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n");
      entries.add(
          random.nextBoolean()
              ? "- name: tls\n  type: kubernetes.io/tls\n  files:\n  - files/tls.crt\n"
                  + "  - files/tls.key\n"
              : "- name: from-env\n  envs:\n  - files/app.properties\n");
    }
    List<String> secrets = new ArrayList<>();
    for (String g : baseGenerated.keySet()) {
      if (g.startsWith("creds-")) secrets.add(g);
    }
    if (!secrets.isEmpty() && maybe(Feature.MERGE_GENERATORS)) {
      entries.add(
          "- name: %s\n  behavior: merge\n  literals:\n  - extra=%s\n"
              .formatted(pick(secrets), pick(WORDS)));
    }
    if (!entries.isEmpty()) {
      k.append("secretGenerator:\n");
      entries.forEach(k::append);
    }
  }

  private void patches(StringBuilder k) {
    List<String> patches = new ArrayList<>();
    if (maybe(Feature.PATCHES_SMP)) {
      App app = pick(apps);
      StringBuilder p = new StringBuilder("- patch: |-\n");
      p.append("    apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n");
      p.append("      name: ").append(app.name()).append('\n');
      if (!app.namespace().isEmpty() && random.nextInt(4) > 0) {
        p.append("      namespace: ").append(app.namespace()).append('\n');
      }
      p.append("    spec:\n      template:\n        spec:\n          containers:\n");
      p.append("          - name: ").append(app.name()).append('\n');
      p.append("            env:\n            - name: PATCHED\n");
      p.append("              value: ").append(quoted(pick(WORDS))).append('\n');
      patches.add(p.toString());
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
              .formatted(pick(apps).name(), random.nextInt(5), random.nextInt(30)));
    }
    if (maybe(Feature.PATCH_VARIANTS)) {
      App app = pick(apps);
      String ns = app.namespace().isEmpty() ? "" : "  namespace: " + app.namespace() + "\n";
      switch (random.nextInt(4)) {
        case 0 -> {
          files.put(
              "patches/containers.yaml",
              ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: %s\n%sspec:\n"
                      + "  template:\n    spec:\n      containers:\n      - name: sidecar\n"
                      + "        image: busybox\n      - name: %s\n        $patch: delete\n")
                  .formatted(app.name(), ns, app.name()));
          patches.add("- path: patches/containers.yaml\n");
        }
        case 1 -> {
          files.put(
              "patches/ops.json",
              "[{\"op\": \"add\", \"path\": \"/metadata/labels/json\", \"value\": \"yes\"},"
                  + " {\"op\": \"replace\", \"path\": \"/spec/replicas\", \"value\": 7}]");
          patches.add(
              "- path: patches/ops.json\n  target:\n    kind: Deployment\n    name: "
                  + app.name()
                  + "\n");
        }
        case 2 -> {
          String svc = app.service() ? app.name() : pick(apps).name();
          patches.add(
              ("- target:\n    kind: Service\n    name: %s\n  patch: |-\n    apiVersion: v1\n"
                      + "    kind: Service\n    metadata:\n      name: any\n    spec:\n"
                      + "      ports:\n      - port: 9999\n        name: extra\n")
                  .formatted(svc));
        }
        default ->
            patches.add(
                ("- target:\n    kind: Deployment\n  patch: |-\n    apiVersion: apps/v1\n"
                        + "    kind: Deployment\n    metadata:\n      name: any\n    spec:\n"
                        + "      template:\n        metadata:\n          labels:\n"
                        + "            $patch: replace\n            only: this\n")
                    .formatted());
      }
    }
    boolean targets = maybe(Feature.PATCH_TARGETS);
    if (targets) {
      String selector =
          switch (random.nextInt(5)) {
            case 0 -> "    kind: Deployment\n    name: \"" + pick(apps).name().charAt(0) + ".*\"\n";
            case 1 -> "    labelSelector: app in (web,api,db)\n";
            case 2 -> "    annotationSelector: tier=backend\n";
            case 3 -> "    kind: Service\n";
            default -> "    group: apps\n    version: v1\n    kind: Deployment\n";
          };
      patches.add(
          "- target:\n"
              + selector
              + "  patch: |-\n    - op: add\n      path: /metadata/annotations/patched\n"
              + "      value: "
              + quoted(pick(WORDS))
              + "\n");
    }
    if (widget && random.nextBoolean()) {
      patches.add(
          """
          - patch: |-
              apiVersion: example.com/v1
              kind: Widget
              metadata:
                name: w
              spec:
                items:
                - name: item1
                  size: 20
                - name: extra
                  size: 3
          """);
    }
    if (maybe(Feature.PATCH_OPTIONS)) {
      App app = pick(apps);
      String kind = app.config() && random.nextBoolean() ? "ConfigMap" : "Deployment";
      patches.add(
          ("- target:\n    kind: %s\n    name: %s\n  options:\n    allowNameChange: true\n"
                  + "  patch: |-\n    - op: replace\n      path: /metadata/name\n"
                  + "      value: %s-renamed\n")
              .formatted(kind, app.name(), app.name()));
    }
    if (!patches.isEmpty()) {
      k.append("patches:\n");
      patches.forEach(k::append);
    }
    if (targets) {
      App app = pick(apps);
      k.append("patchesStrategicMerge:\n- |-\n  apiVersion: apps/v1\n  kind: Deployment\n");
      k.append("  metadata:\n    name: ").append(app.name()).append('\n');
      if (!app.namespace().isEmpty()) k.append("  ").append(app.nsLine());
      k.append("  spec:\n    revisionHistoryLimit: ").append(random.nextInt(5)).append('\n');
      App other = pick(apps);
      k.append("patchesJson6902:\n- target:\n    group: apps\n    version: v1\n");
      k.append("    kind: Deployment\n    name: ").append(other.name()).append('\n');
      if (!other.namespace().isEmpty()) k.append("    namespace: ").append(other.namespace());
      if (!other.namespace().isEmpty()) k.append('\n');
      k.append("  patch: |-\n    - op: add\n      path: /spec/paused\n      value: true\n");
    }
  }

  private void component(StringBuilder k) {
    StringBuilder c = new StringBuilder();
    c.append("apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n");
    if (random.nextBoolean()) {
      files.put(
          "components/extra/extra.yaml",
          "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\ndata:\n  from: component\n");
      c.append("resources:\n- extra.yaml\n");
    }
    if (random.nextBoolean()) {
      c.append("labels:\n- pairs:\n    component: extra\n");
    }
    List<String> targets = new ArrayList<>();
    for (App a : apps) {
      if (a.config() && a.namespace().isEmpty()) targets.add(a.name());
    }
    targets.addAll(baseGenerated.keySet().stream().filter(g -> !g.startsWith("creds-")).toList());
    if (!targets.isEmpty() && random.nextBoolean()) {
      c.append("configMapGenerator:\n").append(mergeEntry(pick(targets), "merge"));
    }
    if (random.nextBoolean()) {
      App app = pick(apps);
      c.append("patches:\n- target:\n    kind: Deployment\n    name: ").append(app.name());
      c.append("\n  patch: |-\n    - op: add\n      path: /metadata/annotations/component\n");
      c.append("      value: extra\n");
    }
    if (random.nextBoolean() || c.indexOf("\n", c.indexOf("kind:")) == c.length() - 1) {
      c.append("namePrefix: c-\n"); // a component with nothing in it is "empty", an error
    }
    files.put("components/extra/kustomization.yaml", c.toString());
    k.append("components:\n- components/extra\n");
  }

  private void varsSection(StringBuilder k) {
    if (vars.equals(List.of("UNDEFINED_VAR"))) return; // used, never declared: left as written
    k.append("vars:\n");
    for (String v : vars) {
      String app = v.substring(0, v.length() - "_SVC".length()).toLowerCase(Locale.ROOT);
      k.append("- name: ").append(v).append("\n  objref:\n    kind: Service\n    name: ");
      k.append(app).append("\n    apiVersion: v1\n");
      if (random.nextBoolean()) {
        k.append("  fieldref:\n    fieldpath: ")
            .append(random.nextBoolean() ? "spec.ports[0].port" : "metadata.name")
            .append('\n');
      }
    }
  }

  private void replacements(StringBuilder k) {
    App source = pick(apps);
    App target = pick(apps);
    String sourceKind;
    String sourcePath;
    if (source.config() && random.nextBoolean()) {
      sourceKind = "ConfigMap";
      sourcePath = "data.key0";
    } else if (source.service() && random.nextBoolean()) {
      sourceKind = "Service";
      sourcePath = random.nextBoolean() ? "metadata.name" : "spec.ports.0.port";
    } else {
      sourceKind = "Deployment";
      sourcePath = random.nextBoolean() ? "metadata.name" : "spec.template.spec.containers.0.image";
    }
    k.append("replacements:\n- source:\n    kind: ").append(sourceKind);
    k.append("\n    name: ").append(source.name());
    k.append("\n    fieldPath: ").append(sourcePath).append("\n  targets:\n");
    if (random.nextBoolean()) {
      // generated ConfigMaps hash what the copied value reads as
      k.append("  - select:\n      kind: ConfigMap\n      name: generated\n");
      k.append("    fieldPaths:\n    - data.copied\n    options:\n      create: true\n");
    }
    k.append("  - select:\n");
    k.append("      kind: Deployment\n");
    if (random.nextBoolean()) {
      k.append("      name: ").append(target.name()).append('\n');
    } else if (apps.size() > 1) {
      k.append("    reject:\n    - name: ").append(source.name()).append('\n');
    }
    switch (random.nextInt(3)) {
      case 0 -> {
        k.append("    fieldPaths:\n    - spec.template.metadata.annotations.source\n");
        k.append("    options:\n      create: true\n");
      }
      case 1 -> {
        k.append("    fieldPaths:\n    - metadata.labels.app\n");
        k.append("    options:\n      delimiter: \"-\"\n      index: ")
            .append(random.nextInt(3) - 1)
            .append('\n');
      }
      default -> {
        k.append("    fieldPaths:\n    - spec.template.spec.containers.[name=")
            .append(target.name())
            .append("].env.[name=PEER].value\n");
        k.append("    options:\n      create: true\n");
      }
    }
  }

  /** Kinds whose fields name other objects of the build (kustomize's name references). */
  private String moreKinds(String base) {
    App target = pick(apps);
    return OverlayParts.moreKinds(
        base.replace("base/", "").replace("base", "b"),
        target.name(),
        target.nsLine(),
        pick(IMAGES) + ":2." + random.nextInt(9),
        pick(IMAGES));
  }

  private String deployment(App app, boolean nameRefs) {
    StringBuilder d = new StringBuilder();
    d.append("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ").append(app.name());
    d.append('\n').append(app.nsLine());
    d.append("  labels:\n    app: ").append(app.name()).append('\n');
    if (chance(3)) d.append("  annotations:\n    tier: backend\n");
    d.append(
        """
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
            .formatted(1 + random.nextInt(3), app.name(), app.name()));
    if (nameRefs && app.account()) {
      d.append("      serviceAccountName: ").append(app.name()).append('\n');
    }
    d.append("      containers:\n");
    d.append("      - name: ").append(app.name()).append('\n');
    d.append("        image: ").append(pick(IMAGES)).append(":1.").append(random.nextInt(9));
    d.append('\n');
    if (app.varUsed() != null) {
      d.append("        args:\n        - --peer=$(").append(app.varUsed()).append(")\n");
    }
    if (nameRefs && app.config()) {
      d.append("        envFrom:\n        - configMapRef:\n            name: ").append(app.name());
      d.append('\n');
    }
    if (nameRefs && !baseGenerated.isEmpty() && random.nextBoolean()) {
      // refers to a base generator's output, which other bases see only by its plain name
      d.append("        env:\n        - name: MODE\n          valueFrom:\n");
      d.append("            configMapKeyRef:\n              name: settings\n");
      d.append("              key: mode\n");
    }
    return d.toString();
  }

  private String service(App app) {
    return "apiVersion: v1\nkind: Service\nmetadata:\n  name: %s\n%sspec:\n  selector:\n    app: %s\n  ports:\n  - port: %d\n"
        .formatted(app.name(), app.nsLine(), app.name(), 80 + random.nextInt(9000));
  }

  private String configMap(App app) {
    StringBuilder c = new StringBuilder();
    c.append("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ")
        .append(app.name())
        .append('\n');
    c.append(app.nsLine());
    c.append("data:\n");
    for (int i = 0; i < 1 + random.nextInt(4); i++) {
      c.append("  key").append(i).append(": ").append(quoted(value())).append('\n');
    }
    return c.toString();
  }

  private static String serviceAccount(App app) {
    return "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: "
        + app.name()
        + "\n"
        + app.nsLine();
  }

  /** A Role or ClusterRole and its binding, whose subjects vary in name, kind and namespace. */
  private String rbac(App app) {
    boolean cluster = app.rbac().equals("cluster");
    String role = app.name() + "-reader";
    StringBuilder r = new StringBuilder("---\n");
    r.append("apiVersion: rbac.authorization.k8s.io/v1\nkind: ")
        .append(cluster ? "ClusterRole" : "Role");
    r.append("\nmetadata:\n  name: ").append(role).append('\n');
    if (!cluster) r.append(app.nsLine());
    r.append("rules:\n- apiGroups: [\"\"]\n  resources: [configmaps]\n");
    if (app.config()) r.append("  resourceNames: [").append(app.name()).append("]\n");
    r.append("  verbs: [get]\n---\n");
    r.append("apiVersion: rbac.authorization.k8s.io/v1\nkind: ")
        .append(cluster ? "ClusterRoleBinding" : "RoleBinding");
    r.append("\nmetadata:\n  name: ").append(role).append('\n');
    if (!cluster) r.append(app.nsLine());
    r.append("roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ");
    if (random.nextInt(4) == 0) {
      r.append("ClusterRole\n  name: view\n");
    } else {
      r.append(cluster ? "ClusterRole" : "Role").append("\n  name: ").append(role).append('\n');
    }
    r.append("subjects:\n");
    int n = 1 + random.nextInt(3);
    for (int i = 0; i < n; i++) {
      String kind = chance(6) ? "User" : "ServiceAccount";
      String name =
          switch (random.nextInt(4)) {
            case 0 -> "default";
            case 1 -> pick(apps).name();
            default -> app.name();
          };
      r.append("- kind: ").append(kind).append("\n  name: ").append(name).append('\n');
      if (kind.equals("User")) {
        r.append("  apiGroup: rbac.authorization.k8s.io\n");
      }
      switch (random.nextInt(4)) {
        case 0 -> r.append("  namespace: default\n");
        case 1 -> {
          if (!app.namespace().isEmpty()) r.append("  namespace: ").append(app.namespace());
          if (!app.namespace().isEmpty()) r.append('\n');
        }
        case 2 -> r.append("  namespace: elsewhere\n");
        default -> {}
      }
    }
    return r.toString();
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
