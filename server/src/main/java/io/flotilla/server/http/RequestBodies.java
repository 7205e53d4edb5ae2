package io.flotilla.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** Reads request bodies with a size bound and turns JSON problems into ARM errors. */
public final class RequestBodies {
  /** ARM request bodies are bounded to 1 MiB. */
  public static final int MAX_BYTES = 1024 * 1024;

  private RequestBodies() {}

  /** The body as a JSON object whose top-level properties are limited to {@code allowed}. */
  public static ObjectNode object(Context ctx, Set<String> allowed) {
    JsonNode node = parse(read(ctx));
    if (!(node instanceof ObjectNode obj)) {
      throw new ArmException(
          400,
          "InvalidRequestContent",
          "The request content was invalid and could not be deserialized: expected a JSON object.");
    }
    Set<String> unknown = new TreeSet<>();
    for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        unknown.add(f);
      }
    }
    if (!unknown.isEmpty()) {
      throw new ArmException(
          400,
          "InvalidRequestContent",
          "The request content was invalid and could not be deserialized: unknown top-level"
              + " propert"
              + (unknown.size() == 1 ? "y " : "ies ")
              + String.join(", ", unknown.stream().map(u -> "'" + u + "'").toList())
              + ". Allowed properties are "
              + String.join(", ", new TreeSet<>(allowed))
              + ".",
          unknown.iterator().next());
    }
    return obj;
  }

  /** Converts a JSON node to a record, reporting type mismatches as ARM errors. */
  public static <T> T convert(JsonNode node, Class<T> type) {
    try {
      return Json.REQUEST.treeToValue(node, type);
    } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
      String path = pathOf(e);
      throw new ArmException(
          400,
          "InvalidRequestContent",
          "The request content was invalid and could not be deserialized: the value at '"
              + path
              + "' must be "
              + expected(e.getTargetType())
              + ".",
          path);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      // Jackson's own text may quote the value, and values can be secrets: name the place only.
      String path = e instanceof JsonProcessingException j ? pathOf(j) : "";
      throw new ArmException(
          400,
          "InvalidRequestContent",
          "The request content was invalid and could not be deserialized"
              + (path.isEmpty() ? "." : ": the value at '" + path + "' is not valid."),
          path.isEmpty() ? null : path);
    }
  }

  /** The JSON path of a mapping error, e.g. {@code properties.kustomizations.k.prune}. */
  private static String pathOf(JsonProcessingException e) {
    StringBuilder sb = new StringBuilder();
    if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m) {
      for (var ref : m.getPath()) {
        if (ref.getFieldName() != null) {
          if (!sb.isEmpty()) {
            sb.append('.');
          }
          sb.append(ref.getFieldName());
        } else if (ref.getIndex() >= 0) {
          sb.append('[').append(ref.getIndex()).append(']');
        }
      }
    }
    return sb.toString();
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "a number";
    }
    if (type == String.class) {
      return "a string";
    }
    if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    return "an object";
  }

  static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      throw new ArmException(
          400, "InvalidRequestContent", "The request content was invalid: the body is empty.");
    }
    try {
      return Json.REQUEST.readTree(body);
    } catch (IOException e) {
      throw new ArmException(
          400,
          "InvalidRequestContent",
          "The request content was invalid and could not be deserialized: " + problem(e));
    }
  }

  /**
   * What is wrong with a body that is not one JSON document, in words and with its place, but never
   * with Jackson's text: that quotes the offending token, which may be a secret.
   */
  static String problem(IOException e) {
    String where = "";
    if (e instanceof JsonProcessingException j && j.getLocation() != null) {
      where =
          " (line "
              + j.getLocation().getLineNr()
              + ", column "
              + j.getLocation().getColumnNr()
              + ")";
    }
    String text = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    text = text == null ? "" : text;
    if (text.startsWith("Duplicate field ")) {
      String field = text.substring("Duplicate field ".length()).split("\\R", 2)[0].strip();
      return "the property "
          + field
          + " appears twice in the same object"
          + where
          + ". Give each property once.";
    }
    if (text.startsWith("Trailing token")) {
      return "the body holds more than one JSON document, or text after it"
          + where
          + ". Send exactly one JSON object.";
    }
    if (e instanceof com.fasterxml.jackson.core.io.JsonEOFException) {
      return "the body ends before the JSON document does" + where + ".";
    }
    return "the body is not valid JSON" + where + ".";
  }

  /**
   * ARM takes {@code application/json} bodies only; anything else is 415 before it is parsed.
   * Bodies without a Content-Type are refused the same way (ARM reads them as form data).
   */
  static void requireJson(Context ctx) {
    String type = ctx.contentType();
    String media = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!media.equals("application/json")) {
      throw new ArmException(
          415,
          "UnsupportedMediaType",
          "The content media type '"
              + (type == null ? "" : type.strip())
              + "' is not supported. Only 'application/json' is supported.");
    }
  }

  /** Reads at most {@link #MAX_BYTES}; larger bodies are 413 whatever Content-Length claims. */
  public static byte[] read(Context ctx) {
    requireJson(ctx);
    long declared = ctx.contentLength();
    if (declared > MAX_BYTES) {
      throw tooLarge();
    }
    try (InputStream in = ctx.req().getInputStream()) {
      // a declared length is read in one array of its size (Jetty ends the body there)
      byte[] data = in.readNBytes(declared >= 0 ? (int) declared : MAX_BYTES + 1);
      if (data.length > MAX_BYTES) {
        throw tooLarge();
      }
      return data;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ArmException tooLarge() {
    return new ArmException(
        413,
        "RequestEntityTooLarge",
        "The request content length exceeds the limit of " + MAX_BYTES + " bytes (1 MiB).");
  }
}
