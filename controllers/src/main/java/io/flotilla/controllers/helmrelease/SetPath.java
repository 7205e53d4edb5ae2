package io.flotilla.controllers.helmrelease;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Helm's {@code --set} syntax, as helm-controller applies a {@code valuesFrom} entry with {@code
 * targetPath}: {@code a.b[0].c=value}; {@code \.} escapes a dot in a key; several assignments are
 * separated by commas ({@code \,} escapes one); {@code {x,y}} is a list. Values are typed as {@code
 * --set} types them (true/false, null, integers without a leading zero), strings when quoted
 * ({@code --set-string}), or taken whole as one string when {@code literal} ({@code
 * --set-literal}).
 */
final class SetPath {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int MAX_INDEX = 65536; // Helm refuses larger list indexes too

  /** A malformed path or value; the message says which part. */
  static final class InvalidPath extends Exception {
    InvalidPath(String message) {
      super(message);
    }
  }

  private enum Mode {
    TYPED,
    STRING,
    LITERAL
  }

  private final String text;
  private final Mode mode;
  private int pos;

  private SetPath(String text, Mode mode) {
    this.text = text;
    this.mode = mode;
  }

  /**
   * Sets {@code value} at {@code path} in {@code values}, as Flux's ReplacePathValue: a value in
   * single or double quotes is set as a string, without the quotes.
   */
  static void replace(ObjectNode values, String path, String value, boolean literal)
      throws InvalidPath {
    if (literal) {
      new SetPath(path + "=" + value, Mode.LITERAL).parseInto(values);
      return;
    }
    boolean quoted =
        value.length() >= 1
            && (value.startsWith("'") && value.endsWith("'")
                || value.startsWith("\"") && value.endsWith("\""));
    if (quoted) {
      new SetPath(path + "=" + trimQuotes(value), Mode.STRING).parseInto(values);
    } else {
      new SetPath(path + "=" + value, Mode.TYPED).parseInto(values);
    }
  }

  /** Go's strings.Trim with both quote characters. */
  private static String trimQuotes(String v) {
    int start = 0;
    int end = v.length();
    while (start < end && (v.charAt(start) == '\'' || v.charAt(start) == '"')) {
      start++;
    }
    while (end > start && (v.charAt(end - 1) == '\'' || v.charAt(end - 1) == '"')) {
      end--;
    }
    return v.substring(start, end);
  }

  private void parseInto(ObjectNode dest) throws InvalidPath {
    while (pos < text.length()) {
      assign(dest);
    }
  }

  /** One {@code key.path=value} into {@code node}; consumes the trailing comma. */
  private void assign(ObjectNode node) throws InvalidPath {
    String key = readKey();
    char stop = separator();
    switch (stop) {
      case '=' -> node.set(key, readValue());
      case '.' -> {
        JsonNode child = node.get(key);
        ObjectNode next = child instanceof ObjectNode o ? o : node.putObject(key);
        assign(next);
      }
      case '[' -> {
        int index = readIndex();
        JsonNode child = node.get(key);
        ArrayNode list = child instanceof ArrayNode a ? a : node.putArray(key);
        assignInList(list, index);
      }
      default -> {
        if (key.isEmpty()) {
          throw new InvalidPath("key \"" + text + "\" has no value");
        }
        throw new InvalidPath("key \"" + key + "\" has no value");
      }
    }
  }

  /** The character after a key or index ({@code =}, {@code .} or {@code [}), 0 at the end. */
  private char separator() {
    char c = pos < text.length() ? text.charAt(pos) : 0;
    pos++;
    return c;
  }

  private void assignInList(ArrayNode list, int index) throws InvalidPath {
    while (list.size() <= index) {
      list.addNull();
    }
    char next = separator();
    switch (next) {
      case '=' -> list.set(index, readValue());
      case '.' -> {
        JsonNode cur = list.get(index);
        ObjectNode obj = cur instanceof ObjectNode o ? o : NODES.objectNode();
        list.set(index, obj);
        assign(obj);
      }
      case '[' -> {
        int inner = readIndex();
        JsonNode cur = list.get(index);
        ArrayNode arr = cur instanceof ArrayNode a ? a : NODES.arrayNode();
        list.set(index, arr);
        assignInList(arr, inner);
      }
      default -> throw new InvalidPath("key \"" + text + "\" has no value");
    }
  }

  private String readKey() throws InvalidPath {
    StringBuilder key = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\\' && pos + 1 < text.length()) {
        key.append(text.charAt(pos + 1));
        pos += 2;
        continue;
      }
      if (c == '=' || c == '.' || c == '[') {
        return key.toString();
      }
      if (c == ',') {
        throw new InvalidPath("key \"" + key + "\" has no value (cannot end with ,)");
      }
      key.append(c);
      pos++;
    }
    return key.toString();
  }

  private int readIndex() throws InvalidPath {
    int close = text.indexOf(']', pos);
    if (close < 0) {
      throw new InvalidPath("missing ] in \"" + text + "\"");
    }
    String digits = text.substring(pos, close);
    pos = close + 1;
    try {
      int i = Integer.parseInt(digits);
      if (i < 0) {
        throw new InvalidPath("negative " + i + " index not allowed");
      }
      if (i > MAX_INDEX) {
        throw new InvalidPath("index of " + i + " is greater than maximum supported index");
      }
      return i;
    } catch (NumberFormatException e) {
      throw new InvalidPath("invalid list index \"" + digits + "\"");
    }
  }

  private JsonNode readValue() {
    if (mode == Mode.LITERAL) {
      String rest = text.substring(pos);
      pos = text.length();
      return NODES.textNode(rest);
    }
    if (pos < text.length() && text.charAt(pos) == '{') {
      pos++;
      ArrayNode list = NODES.arrayNode();
      List<String> items = new ArrayList<>();
      StringBuilder cur = new StringBuilder();
      while (pos < text.length() && text.charAt(pos) != '}') {
        char c = text.charAt(pos++);
        if (c == '\\' && pos < text.length()) {
          cur.append(text.charAt(pos++));
        } else if (c == ',') {
          items.add(cur.toString());
          cur.setLength(0);
        } else {
          cur.append(c);
        }
      }
      items.add(cur.toString());
      pos++; // the closing brace
      if (pos < text.length() && text.charAt(pos) == ',') {
        pos++;
      }
      items.forEach(i -> list.add(typed(i)));
      return list;
    }
    StringBuilder value = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == '\\' && pos < text.length()) {
        value.append(text.charAt(pos++));
      } else if (c == ',') {
        break;
      } else {
        value.append(c);
      }
    }
    return typed(value.toString());
  }

  /** Helm's typedVal: booleans, null, and base-10 integers without a leading zero. */
  private JsonNode typed(String v) {
    if (mode == Mode.STRING) {
      return NODES.textNode(v);
    }
    if (v.equalsIgnoreCase("true")) {
      return NODES.booleanNode(true);
    }
    if (v.equalsIgnoreCase("false")) {
      return NODES.booleanNode(false);
    }
    if (v.equalsIgnoreCase("null")) {
      return NODES.nullNode();
    }
    if (v.equals("0")) {
      return NODES.numberNode(0);
    }
    if (!v.isEmpty() && v.charAt(0) != '0') {
      try {
        long n = Long.parseLong(v);
        // int64 in Helm; an int node when it fits, as a JSON or YAML reader makes it
        return n == (int) n ? NODES.numberNode((int) n) : NODES.numberNode(n);
      } catch (NumberFormatException e) {
        // not an integer: a string
      }
    }
    return NODES.textNode(v);
  }
}
