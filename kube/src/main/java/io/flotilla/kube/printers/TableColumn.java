package io.flotilla.kube.printers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.Json;

/**
 * One column of a server-side table ({@code meta.k8s.io TableColumnDefinition}). Columns of
 * priority above 0 are what {@code kubectl get -o wide} adds.
 */
public record TableColumn(
    String name, String type, String format, String description, int priority) {
  public static final String NAME_DOC =
      "Name must be unique within a namespace. Is required when creating resources, although some"
          + " resources may allow a client to request the generation of an appropriate name"
          + " automatically. Name is primarily intended for creation idempotence and configuration"
          + " definition. Cannot be updated. More info:"
          + " https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
  public static final String CREATED_DOC =
      "CreationTimestamp is a timestamp representing the server time when this object was"
          + " created. It is not guaranteed to be set in happens-before order across separate"
          + " operations. Clients may not set this value. It is represented in RFC3339 form and is"
          + " in UTC.\n\n"
          + "Populated by the system. Read-only. Null for lists. More info:"
          + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

  static final TableColumn NAME = new TableColumn("Name", "string", "name", NAME_DOC, 0);
  static final TableColumn AGE = string("Age", CREATED_DOC);
  static final TableColumn CONTAINERS =
      string("Containers", "Names of each container in the template.").wide();
  static final TableColumn IMAGES =
      string("Images", "Images referenced by each container in the template.").wide();

  static TableColumn string(String name, String description) {
    return new TableColumn(name, "string", "", description, 0);
  }

  static TableColumn integer(String name, String description) {
    return new TableColumn(name, "integer", "", description, 0);
  }

  static TableColumn bool(String name, String description) {
    return new TableColumn(name, "boolean", "", description, 0);
  }

  /** The same column, shown only by {@code -o wide}. */
  TableColumn wide() {
    return new TableColumn(name, type, format, description, 1);
  }

  public ObjectNode toJson() {
    return Json.fields("name", name, "type", type, "format", format, "description", description)
        .put("priority", priority);
  }
}
