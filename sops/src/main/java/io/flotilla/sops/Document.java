package io.flotilla.sops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kustomize.Yaml;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SOPS document read by one of SOPS' stores: its branches (one per YAML document; one for the
 * other formats) without the metadata, and the metadata as a tree. Dotenv and INI keep metadata
 * flattened ({@code sops_pgp__list_0__map_enc}); it is unflattened here as SOPS does.
 */
record Document(Format format, List<ObjectNode> branches, JsonNode metadata) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern FLAT_PART = Pattern.compile("__(map|list)_");

  static Document read(byte[] data, Format format) throws SopsException {
    String text = new String(data, StandardCharsets.UTF_8);
    return switch (format) {
      case YAML -> yaml(text);
      case JSON, BINARY -> json(text, format);
      case DOTENV -> dotenv(text);
      case INI -> ini(text);
    };
  }

  private static Document yaml(String text) throws SopsException {
    List<JsonNode> docs;
    try {
      docs = Yaml.read(text);
    } catch (Yaml.InvalidYamlException e) {
      throw new SopsException("failed to load encrypted YAML data: " + e.getMessage());
    }
    List<ObjectNode> branches = new ArrayList<>();
    JsonNode metadata = null;
    for (JsonNode doc : docs) {
      if (doc == null || doc.isNull() || doc.isMissingNode()) {
        continue;
      }
      if (!doc.isObject()) {
        throw new SopsException(
            "failed to load encrypted YAML data: a document is a "
                + doc.getNodeType()
                + ", not a mapping");
      }
      ObjectNode o = (ObjectNode) doc;
      JsonNode sops = o.remove("sops");
      if (metadata == null && sops != null) {
        metadata = sops;
      }
      branches.add(o);
    }
    return new Document(Format.YAML, branches, required(metadata, Format.YAML));
  }

  private static Document json(String text, Format format) throws SopsException {
    JsonNode tree;
    try {
      tree = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new SopsException(
          "failed to load encrypted " + format.label() + " data: " + e.getOriginalMessage());
    }
    if (tree == null || !tree.isObject()) {
      throw new SopsException(
          "failed to load encrypted " + format.label() + " data: not a JSON object");
    }
    ObjectNode o = (ObjectNode) tree;
    JsonNode sops = o.remove("sops");
    return new Document(format, List.of(o), required(sops, format));
  }

  private static Document dotenv(String text) throws SopsException {
    ObjectNode branch = JSON.createObjectNode();
    ObjectNode flat = JSON.createObjectNode();
    for (String line : text.split("\n", -1)) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue; // comments are outside the MAC and unused by generators
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        throw new SopsException("failed to load encrypted dotenv data: invalid dotenv input line");
      }
      String key = line.substring(0, eq);
      String value = line.substring(eq + 1).replace("\\n", "\n");
      if (key.startsWith("sops_")) {
        flat.put(key.substring("sops_".length()), value);
      } else {
        branch.put(key, value);
      }
    }
    return new Document(
        Format.DOTENV,
        List.of(branch),
        required(flat.isEmpty() ? null : unflatten(flat), Format.DOTENV));
  }

  private static Document ini(String text) throws SopsException {
    ObjectNode branch = JSON.createObjectNode();
    ObjectNode flat = null;
    ObjectNode section = null;
    for (String raw : text.split("\n", -1)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        String name = line.substring(1, line.length() - 1).strip();
        section = JSON.createObjectNode();
        if (name.equals("sops")) {
          flat = section;
        } else {
          branch.set(name, section);
        }
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        throw new SopsException("failed to load encrypted INI data: a line is not key = value");
      }
      if (section == null) {
        section = JSON.createObjectNode();
        branch.set("DEFAULT", section);
      }
      section.put(
          line.substring(0, eq).strip(), line.substring(eq + 1).strip().replace("\\n", "\n"));
    }
    return new Document(
        Format.INI, List.of(branch), required(flat == null ? null : unflatten(flat), Format.INI));
  }

  private static JsonNode required(JsonNode metadata, Format format) throws SopsException {
    if (metadata == null || !metadata.isObject()) {
      throw new SopsException(
          "failed to load encrypted " + format.label() + " data: sops metadata not found");
    }
    return metadata;
  }

  /** SOPS' unflatten: {@code a__list_0__map_b} is {@code {a: [{b: …}]}}. */
  static ObjectNode unflatten(ObjectNode flat) throws SopsException {
    ObjectNode out = JSON.createObjectNode();
    Iterator<Map.Entry<String, JsonNode>> it = flat.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      Matcher m = FLAT_PART.matcher(e.getKey());
      List<String> kinds = new ArrayList<>();
      List<String> names = new ArrayList<>();
      int start = 0;
      String kind = "map";
      while (m.find()) {
        kinds.add(kind);
        names.add(e.getKey().substring(start, m.start()));
        kind = m.group(1);
        start = m.end();
      }
      kinds.add(kind);
      names.add(e.getKey().substring(start));
      JsonNode node = out;
      for (int i = 0; i < names.size(); i++) {
        boolean last = i == names.size() - 1;
        String nextKind = last ? null : kinds.get(i + 1);
        node = step(node, kinds.get(i), names.get(i), nextKind, last ? e.getValue() : null);
      }
    }
    return out;
  }

  private static JsonNode step(JsonNode node, String kind, String name, String next, JsonNode leaf)
      throws SopsException {
    if (kind.equals("map")) {
      ObjectNode o = (ObjectNode) node;
      if (leaf != null) {
        o.set(name, leaf);
        return leaf;
      }
      JsonNode child = o.get(name);
      if (child == null) {
        child = next.equals("list") ? o.putArray(name) : o.putObject(name);
      }
      return child;
    }
    if (!(node instanceof ArrayNode a)) {
      throw new SopsException("sops metadata: a flattened list index has no list");
    }
    int index;
    try {
      index = Integer.parseInt(name);
    } catch (NumberFormatException ex) {
      throw new SopsException("sops metadata: a flattened list index is not a number");
    }
    while (a.size() <= index) {
      a.addNull();
    }
    if (leaf != null) {
      a.set(index, leaf);
      return leaf;
    }
    if (a.get(index).isNull()) {
      a.set(index, next.equals("list") ? JSON.createArrayNode() : JSON.createObjectNode());
    }
    return a.get(index);
  }

  /** The plain document in {@code out}'s format, as SOPS' stores emit a plain file. */
  static byte[] emit(List<ObjectNode> branches, byte[] rawData, Format out) throws SopsException {
    return switch (out) {
      case YAML -> {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < branches.size(); i++) {
          if (i > 0) {
            sb.append("---\n");
          }
          sb.append(Yaml.write(branches.get(i)));
        }
        yield sb.toString().getBytes(StandardCharsets.UTF_8);
      }
      case JSON -> {
        try {
          yield (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(only(branches, out))
                  + "\n")
              .getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
          throw new SopsException("failed to emit plain JSON: " + e.getOriginalMessage());
        }
      }
      case BINARY -> {
        JsonNode data = only(branches, out).get("data");
        if (data == null || !data.isTextual()) {
          throw new SopsException(
              "failed to emit plain binary: the document has no 'data' key with the content");
        }
        yield rawData != null ? rawData : data.asText().getBytes(StandardCharsets.UTF_8);
      }
      case DOTENV -> {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, JsonNode> e : fields(only(branches, out))) {
          if (e.getValue().isContainerNode()) {
            throw new SopsException(
                "failed to emit plain dotenv: cannot use complex value '" + e.getKey() + "'");
          }
          sb.append(e.getKey())
              .append('=')
              .append(e.getValue().asText().replace("\n", "\\n"))
              .append('\n');
        }
        yield sb.toString().getBytes(StandardCharsets.UTF_8);
      }
      case INI -> {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, JsonNode> s : fields(only(branches, out))) {
          if (!s.getValue().isObject()) {
            throw new SopsException(
                "failed to emit plain INI: '" + s.getKey() + "' is not a section");
          }
          sb.append('[').append(s.getKey()).append("]\n");
          for (Map.Entry<String, JsonNode> e : fields(s.getValue())) {
            sb.append(e.getKey())
                .append(" = ")
                .append(e.getValue().asText().replace("\n", "\\n"))
                .append('\n');
          }
          sb.append('\n');
        }
        yield sb.toString().getBytes(StandardCharsets.UTF_8);
      }
    };
  }

  private static ObjectNode only(List<ObjectNode> branches, Format out) throws SopsException {
    if (branches.size() != 1) {
      throw new SopsException(
          "failed to emit plain "
              + out.label()
              + ": the document has "
              + branches.size()
              + " parts, not one");
    }
    return branches.get(0);
  }

  private static List<Map.Entry<String, JsonNode>> fields(JsonNode n) {
    List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
    n.fields().forEachRemaining(out::add);
    return out;
  }
}
