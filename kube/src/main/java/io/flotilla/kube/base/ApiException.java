package io.flotilla.kube.base;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** A failure the client sees as a Kubernetes {@code Status} object with the matching code. */
public final class ApiException extends RuntimeException {
  public record Cause(String reason, String message, String field) {}

  public final int code;
  public final String reason;
  final String name;
  public final String group;
  public final String kind;
  public final List<Cause> causes;

  public ApiException(
      int code,
      String reason,
      String message,
      String name,
      String group,
      String kind,
      List<Cause> causes) {
    super(message, null, false, false);
    this.code = code;
    this.reason = reason;
    this.name = name;
    this.group = group;
    this.kind = kind;
    this.causes = causes;
  }

  /** An answer about no object in particular. */
  private static ApiException plain(int code, String reason, String message) {
    return new ApiException(code, reason, message, null, null, null, List.of());
  }

  /**
   * An answer about the object {@code name} of {@code t}, its details naming group and resource.
   */
  private static ApiException about(
      ResourceType t, String name, int code, String reason, String message) {
    return new ApiException(code, reason, message, name, t.group(), t.plural(), List.of());
  }

  public static ApiException notFound(ResourceType t, String name) {
    return about(t, name, 404, "NotFound", t.groupResource() + " \"" + name + "\" not found");
  }

  public static ApiException notFoundPlain(String message) {
    return plain(404, "NotFound", message);
  }

  public static ApiException namespaceNotFound(String ns) {
    return new ApiException(
        404, "NotFound", "namespaces \"" + ns + "\" not found", ns, "", "namespaces", List.of());
  }

  public static ApiException alreadyExists(ResourceType t, String name) {
    return about(
        t, name, 409, "AlreadyExists", t.groupResource() + " \"" + name + "\" already exists");
  }

  public static ApiException conflict(ResourceType t, String name) {
    return about(
        t,
        name,
        409,
        "Conflict",
        "Operation cannot be fulfilled on "
            + t.groupResource()
            + " \""
            + name
            + "\": the object has been modified; please apply your changes to the latest version"
            + " and try again");
  }

  public static ApiException conflictMessage(
      ResourceType t, String name, String message, List<Cause> c) {
    return new ApiException(409, "Conflict", message, name, t.group(), t.plural(), c);
  }

  /** 422 with one field cause, worded like the API server's field validation. */
  public static ApiException invalid(ResourceType t, String name, String field, String detail) {
    return invalid(t, name, List.of(new Cause("FieldValueInvalid", detail, field)));
  }

  public static ApiException invalid(ResourceType t, String name, List<Cause> causes) {
    // The qualified kind, as schema.GroupKind prints it: Job.batch, ConfigMap.
    String kind = t.group().isEmpty() ? t.kind() : t.kind() + "." + t.group();
    StringBuilder msg =
        new StringBuilder(kind).append(" \"").append(name).append("\" is invalid: ");
    if (causes.size() == 1) {
      msg.append(causes.get(0).field()).append(": ").append(causes.get(0).message());
    } else {
      msg.append('[');
      for (int i = 0; i < causes.size(); i++) {
        if (i > 0) {
          msg.append(", ");
        }
        msg.append(causes.get(i).field()).append(": ").append(causes.get(i).message());
      }
      msg.append(']');
    }
    return new ApiException(422, "Invalid", msg.toString(), name, t.group(), t.kind(), causes);
  }

  public static ApiException badRequest(String message) {
    return plain(400, "BadRequest", message);
  }

  public static ApiException forbidden(ResourceType t, String name, String why) {
    return about(
        t, name, 403, "Forbidden", t.groupResource() + " \"" + name + "\" is forbidden: " + why);
  }

  public static ApiException methodNotAllowed() {
    return plain(
        405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
  }

  public static ApiException unsupportedMediaType(String message) {
    return plain(415, "UnsupportedMediaType", message);
  }

  public static ApiException notImplemented(String verb, String path) {
    return plain(
        501, "NotImplemented", "the embedded API server does not implement " + verb + " " + path);
  }

  public static ApiException tooLarge(String message) {
    return plain(413, "RequestEntityTooLarge", message);
  }

  public static ApiException gone(String message) {
    return plain(410, "Expired", message);
  }

  public ObjectNode toStatus() {
    ObjectNode s = Json.object();
    s.put("kind", "Status");
    s.put("apiVersion", "v1");
    s.putObject("metadata");
    s.put("status", "Failure");
    s.put("message", getMessage());
    s.put("reason", reason);
    if (name != null || kind != null || !causes.isEmpty()) {
      ObjectNode d = s.putObject("details");
      Json.putIfNotNull(d, "name", name);
      if (group != null && !group.isEmpty()) {
        d.put("group", group);
      }
      Json.putIfNotNull(d, "kind", kind);
      if (!causes.isEmpty()) {
        ArrayNode arr = d.putArray("causes");
        for (Cause c : causes) {
          ObjectNode cn = arr.addObject();
          cn.put("reason", c.reason());
          cn.put("message", c.message());
          if (c.field() != null) {
            cn.put("field", c.field());
          }
        }
      }
    }
    s.put("code", code);
    return s;
  }
}
