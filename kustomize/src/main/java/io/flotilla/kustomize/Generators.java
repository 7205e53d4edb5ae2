package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code configMapGenerator} and {@code secretGenerator}: entries to ConfigMaps and Secrets. */
final class Generators {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private Generators() {}

  /** A generated object and whether its name gets a content hash. */
  static Res generate(
      Loader loader, Path dir, ObjectNode entry, JsonNode globalOptions, boolean secret)
      throws KustomizeException {
    String kind = secret ? "Secret" : "ConfigMap";
    String name = entry.path("name").asText("");
    if (name.isEmpty()) {
      throw new KustomizeException(
          "a " + kind + " generator entry needs a name (" + kind + "Generator.name)");
    }
    Map<String, String> data = new LinkedHashMap<>();
    Map<String, byte[]> binary = new LinkedHashMap<>();
    for (JsonNode env : envs(entry)) {
      Path p = loader.resolveFile(dir, env.asText());
      for (String[] kv : parseEnv(loader.read(p))) {
        String v = kv[1];
        put(kind, name, data, binary, kv[0], v, v.getBytes(StandardCharsets.UTF_8), secret);
      }
    }
    for (JsonNode f : entry.path("files")) {
      String spec = f.asText();
      String key;
      String path;
      int eq = spec.indexOf('=');
      if (eq >= 0) {
        key = spec.substring(0, eq);
        path = spec.substring(eq + 1);
        if (key.isEmpty()) {
          throw new KustomizeException("key name for file path " + path + " missing");
        }
      } else {
        path = spec;
        key = Path.of(spec).getFileName().toString();
      }
      Path p = loader.resolveFile(dir, path);
      if (loader.isDirectory(p)) {
        throw new KustomizeException("file sources: [" + spec + "]: is a directory");
      }
      byte[] bytes = loader.readBytes(p);
      String text = utf8(bytes);
      put(kind, name, data, binary, key, text, bytes, secret);
    }
    for (JsonNode l : entry.path("literals")) {
      String lit = l.asText();
      int eq = lit.indexOf('=');
      if (eq <= 0) {
        throw new KustomizeException("invalid literal source " + lit + ", expected key=value");
      }
      String key = lit.substring(0, eq);
      String value = unquote(lit.substring(eq + 1));
      put(kind, name, data, binary, key, value, value.getBytes(StandardCharsets.UTF_8), secret);
    }
    ObjectNode obj = F.objectNode();
    obj.put("apiVersion", "v1");
    obj.put("kind", kind);
    ObjectNode meta = obj.putObject("metadata");
    meta.put("name", name);
    String ns = entry.path("namespace").asText("");
    if (!ns.isEmpty()) meta.put("namespace", ns);
    ObjectNode local = entry.path("options") instanceof ObjectNode o ? o : F.objectNode();
    ObjectNode global = globalOptions instanceof ObjectNode g ? g : F.objectNode();
    Map<String, String> labels = new LinkedHashMap<>();
    // Go names the field by its path from the kustomization's root
    String field = secret ? "secretGenerator" : "configMapGenerator";
    String globalPath = "GeneratorOptions.generatorOptions.";
    String localPath = "GeneratorOptions." + field + ".options.";
    labels.putAll(Kustomization.stringMap(global.get("labels"), globalPath + "labels"));
    labels.putAll(Kustomization.stringMap(local.get("labels"), localPath + "labels"));
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.putAll(
        Kustomization.stringMap(global.get("annotations"), globalPath + "annotations"));
    annotations.putAll(
        Kustomization.stringMap(local.get("annotations"), localPath + "annotations"));
    if (!labels.isEmpty()) labels.forEach(meta.putObject("labels")::put);
    if (!annotations.isEmpty()) annotations.forEach(meta.putObject("annotations")::put);
    if (!data.isEmpty()) {
      ObjectNode d = obj.putObject("data");
      data.forEach(d::put);
    }
    if (!binary.isEmpty()) {
      ObjectNode b = obj.putObject("binaryData");
      binary.forEach((k, v) -> b.put(k, Base64.getEncoder().encodeToString(v)));
    }
    if (local.path("immutable").asBoolean(false) || global.path("immutable").asBoolean(false)) {
      obj.put("immutable", true);
    }
    if (secret) {
      obj.put("type", entry.path("type").asText("Opaque"));
    }
    Res r = new Res(obj);
    r.needsHash =
        !(local.path("disableNameSuffixHash").asBoolean(false)
            || global.path("disableNameSuffixHash").asBoolean(false));
    r.behavior = entry.path("behavior").asText("create");
    if (r.behavior.isEmpty()) r.behavior = "create";
    if (!Set3.BEHAVIORS.contains(r.behavior)) {
      throw new KustomizeException("unknown generator behavior '" + r.behavior + "'");
    }
    return r;
  }

  private static final class Set3 {
    static final java.util.Set<String> BEHAVIORS = java.util.Set.of("create", "merge", "replace");
  }

  private static Iterable<JsonNode> envs(ObjectNode entry) {
    java.util.List<JsonNode> out = new java.util.ArrayList<>();
    entry.path("envs").forEach(out::add);
    if (entry.path("env").isTextual() && !entry.path("env").asText().isEmpty()) {
      out.add(entry.get("env"));
    }
    return out;
  }

  private static void put(
      String kind,
      String name,
      Map<String, String> data,
      Map<String, byte[]> binary,
      String key,
      String text,
      byte[] bytes,
      boolean secret)
      throws KustomizeException {
    if (data.containsKey(key) || binary.containsKey(key)) {
      throw new KustomizeException(
          "%s %s illegally repeats the key `%s`".formatted(kind.toLowerCase(), name, key));
    }
    if (secret) {
      data.put(key, base64Lines(bytes));
    } else if (text != null) {
      data.put(key, text);
    } else {
      binary.put(key, bytes);
    }
  }

  /** kustomize's Secret encoding: base64 in lines of 70, each ending in a newline when long. */
  static String base64Lines(byte[] bytes) {
    String enc = Base64.getEncoder().encodeToString(bytes);
    int lines = enc.length() / 70 + 1;
    if (lines <= 1) {
      return enc;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < enc.length(); i += 70) {
      out.append(enc, i, Math.min(enc.length(), i + 70)).append('\n');
    }
    return out.toString();
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  static String unquote(String v) {
    if (v.length() >= 2
        && ((v.startsWith("\"") && v.endsWith("\"")) || (v.startsWith("'") && v.endsWith("'")))) {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }

  /**
   * An env file's pairs, as kustomize reads them: leading blanks trimmed, blank and {@code #} lines
   * skipped, a line without {@code =} is a key with an empty value (kustomize would read the
   * environment; a reproducible build does not), a line with an empty key is skipped.
   */
  private static List<String[]> parseEnv(String text) {
    List<String[]> out = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
      if (i == 0 && line.startsWith("\uFEFF")) line = line.substring(1);
      String trimmed = line.stripLeading();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) continue;
      int eq = trimmed.indexOf('=');
      String key = eq < 0 ? trimmed : trimmed.substring(0, eq);
      if (key.isEmpty()) continue;
      out.add(new String[] {key, eq < 0 ? "" : trimmed.substring(eq + 1)});
    }
    return out;
  }
}
