package io.flotilla.controllers.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.api.flux.image.ImageRef;
import io.flotilla.kustomize.Yaml;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code Setters} update strategy on one YAML file's text: each scalar whose line ends with a
 * {@code # {"$imagepolicy": "<ns>:<name>[:tag|:name|:digest]"}} marker becomes the policy's latest
 * image (or its tag, name or digest), and nothing else of the file changes — comments, quoting,
 * indentation and key order stay as written, which is why the edit is made on lines rather than on
 * a parsed and re-printed tree.
 */
final class Setters {
  static final String TOKEN = "\"$imagepolicy\"";
  private static final Pattern MARKER =
      Pattern.compile("#\\s*\\{\\s*\"\\$imagepolicy\"\\s*:\\s*\"([^\"]*)\"\\s*}\\s*$");
  // the scalar before the marker: a quoted string, or a plain one after "key: " or "- "
  private static final Pattern VALUE =
      Pattern.compile(
          "^(.*?(?::\\s+|-\\s+))(\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^']|'')*'|[^\\s#\"'](?:(?!:\\s)[^#])*?)(\\s+)$");

  private Setters() {}

  /** One value changed: where, by which setter, from and to. */
  record Change(ObjectId object, String setter, String oldValue, String newValue) {}

  /** The object a change was made in (empty names for a kustomization.yaml without metadata). */
  record ObjectId(String apiVersion, String kind, String name, String namespace) {}

  /** The new text and what changed; the text is the input when nothing did. */
  record Result(String text, List<Change> changes) {}

  /** A marker that names no policy the automation may use, or a line it cannot edit. */
  static final class MarkerException extends Exception {
    MarkerException(String message) {
      super(message);
    }
  }

  /**
   * @param policies the usable policies by {@code <ns>:<name>}, with their latest image
   * @param file the file's path in the repository, for messages
   * @throws MarkerException naming the file, the line and the setter when a marker names no usable
   *     policy or stands after something that is not a scalar
   */
  static Result apply(String text, Map<String, ImageRef> policies, String file)
      throws MarkerException {
    if (!text.contains(TOKEN)) {
      return new Result(text, List.of());
    }
    String[] lines = text.split("\n", -1);
    List<Change> changes = new ArrayList<>();
    int docStart = 0;
    ObjectId object = null;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.startsWith("---")) {
        docStart = i + 1;
        object = null;
        continue;
      }
      Matcher marker = MARKER.matcher(line);
      if (!marker.find()) {
        continue;
      }
      String setter = marker.group(1);
      String before = line.substring(0, marker.start());
      if (before.isBlank()) {
        continue; // a marker on a line of its own marks no field, as in Flux
      }
      Matcher value = VALUE.matcher(before);
      if (!value.matches()) {
        throw new MarkerException(
            "%s:%d: the $imagepolicy marker '%s' must follow a scalar value, e.g. 'image: app:v1 # {\"$imagepolicy\": \"ns:policy\"}'"
                .formatted(file, i + 1, setter));
      }
      String replacement = valueOf(setter, policies, file, i + 1);
      String raw = value.group(2);
      String old = unquote(raw);
      if (old.equals(replacement)) {
        continue;
      }
      lines[i] =
          value.group(1)
              + requote(raw, replacement)
              + value.group(3)
              + line.substring(marker.start());
      if (object == null) {
        object = identify(lines, docStart);
      }
      changes.add(new Change(object, setter, old, replacement));
    }
    return changes.isEmpty()
        ? new Result(text, List.of())
        : new Result(String.join("\n", lines), List.copyOf(changes));
  }

  /**
   * The value a setter stands for: the image, or its {@code tag}, {@code name} or {@code digest}.
   */
  private static String valueOf(
      String setter, Map<String, ImageRef> policies, String file, int line) throws MarkerException {
    String[] parts = setter.split(":");
    if (parts.length < 2 || parts.length > 3) {
      throw new MarkerException(
          "%s:%d: the $imagepolicy marker '%s' is not '<namespace>:<name>[:tag|:name|:digest]'"
              .formatted(file, line, setter));
    }
    String key = parts[0] + ":" + parts[1];
    ImageRef ref = policies.get(key);
    if (ref == null) {
      throw new MarkerException(
          "%s:%d: the $imagepolicy marker names ImagePolicy '%s/%s', which does not exist in the automation's namespace, is not selected by spec.policySelector or has no latest image yet"
              .formatted(file, line, parts[0], parts[1]));
    }
    if (parts.length == 2) {
      return ref.toString();
    }
    return switch (parts[2]) {
      case "tag" -> ref.tag();
      case "name" -> ref.name();
      case "digest" -> {
        if (ref.digest() == null || ref.digest().isEmpty()) {
          throw new MarkerException(
              "%s:%d: the $imagepolicy marker '%s' asks for a digest, but ImagePolicy '%s/%s' reflects none; set its spec.digestReflectionPolicy to IfNotPresent or Always"
                  .formatted(file, line, setter, parts[0], parts[1]));
        }
        yield ref.digest();
      }
      default ->
          throw new MarkerException(
              "%s:%d: the $imagepolicy marker '%s' ends in '%s'; use ':tag', ':name' or ':digest'"
                  .formatted(file, line, setter, parts[2]));
    };
  }

  private static String unquote(String raw) {
    if (raw.startsWith("\"")) {
      return raw.substring(1, raw.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }
    if (raw.startsWith("'")) {
      return raw.substring(1, raw.length() - 1).replace("''", "'");
    }
    return raw;
  }

  /** The new value in the old value's quoting style (an image reference never needs escapes). */
  private static String requote(String raw, String value) {
    if (raw.startsWith("\"")) {
      return "\"" + value + "\"";
    }
    if (raw.startsWith("'")) {
      return "'" + value + "'";
    }
    return value;
  }

  /** The apiVersion, kind, name and namespace of the document starting at {@code start}. */
  private static ObjectId identify(String[] lines, int start) {
    StringBuilder doc = new StringBuilder();
    for (int i = start; i < lines.length && !lines[i].startsWith("---"); i++) {
      doc.append(lines[i]).append('\n');
    }
    try {
      List<JsonNode> nodes = Yaml.read(doc.toString());
      JsonNode n = nodes.isEmpty() ? null : nodes.get(0);
      if (n == null) {
        return new ObjectId("", "", "", "");
      }
      return new ObjectId(
          n.path("apiVersion").asText(""),
          n.path("kind").asText(""),
          n.path("metadata").path("name").asText(""),
          n.path("metadata").path("namespace").asText(""));
    } catch (Yaml.InvalidYamlException e) {
      return new ObjectId("", "", "", "");
    }
  }
}
