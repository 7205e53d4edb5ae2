package io.flotilla.kube.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.FieldErrors;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import io.flotilla.kube.schema.BuiltinFields;
import io.flotilla.kube.schema.StructuralSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * The decode, default, prune and validate steps every write passes before it is stored (or, with
 * {@code dryRun}, before it is answered): unknown metadata fields dropped, Secret {@code
 * stringData} folded into {@code data}, structural-schema defaults and pruning for custom
 * resources, the fields a built-in kind does not have dropped, {@code fieldValidation} for what was
 * pruned, then object metadata rules, the kind's own rules and, on update, its immutable fields.
 * Any violation is one 422 Invalid naming every field, as the real server reports them.
 */
public final class Admission {
  private Admission() {}

  public static final String IGNORE = "Ignore";
  public static final String WARN = "Warn";
  public static final String STRICT = "Strict";

  /**
   * Admits a new object (server defaults already applied).
   *
   * @param apply whether the request was a server-side apply (changes the strict-mode message)
   */
  public static void create(ResourceType t, ObjectNode obj, WriteOpts o, boolean apply) {
    decode(t, obj, o, apply);
    List<ApiException.Cause> causes = validate(t, obj);
    fail(t, obj, causes);
  }

  /** Admits the next version {@code n} of {@code old}. */
  public static void update(
      ResourceType t, ObjectNode old, ObjectNode n, WriteOpts o, boolean apply) {
    decode(t, n, o, apply);
    List<ApiException.Cause> causes = validate(t, n);
    causes.addAll(UpdateRules.validateUpdate(t, old, n));
    fail(t, n, causes);
  }

  /** Defaults a custom resource read from storage, as decoding from etcd does; copies if needed. */
  public static ObjectNode onRead(ResourceType t, ObjectNode obj, boolean ownCopy) {
    StructuralSchema schema = StructuralSchema.of(t);
    if (schema == null || !schema.needsDefaults(obj)) {
      return obj;
    }
    ObjectNode c = ownCopy ? obj : obj.deepCopy();
    schema.applyDefaults(c);
    return c;
  }

  private static void decode(ResourceType t, ObjectNode obj, WriteOpts o, boolean apply) {
    List<String> unknown = new ArrayList<>(ObjectMetaRules.pruneUnknown(obj));
    KindRules.normalize(t, obj);
    StructuralSchema schema = StructuralSchema.of(t);
    if (schema != null) {
      schema.applyDefaults(obj);
      unknown.addAll(schema.prune(obj));
    } else {
      unknown.addAll(BuiltinFields.prune(t, obj));
    }
    if (unknown.isEmpty()) {
      return;
    }
    switch (o.fieldValidation() == null ? WARN : o.fieldValidation()) {
      case STRICT -> throw strict(t, unknown, apply);
      case IGNORE -> {}
      default -> unknown.forEach(u -> o.warn("unknown field \"" + u + "\""));
    }
  }

  private static ApiException strict(ResourceType t, List<String> unknown, boolean apply) {
    if (apply) {
      return ApiException.badRequest(
          "failed to create typed patch object ("
              + t.apiVersion()
              + ", Kind="
              + t.kind()
              + "): ."
              + unknown.get(0)
              + ": field not declared in schema");
    }
    StringBuilder sb = new StringBuilder("strict decoding error: ");
    for (int i = 0; i < unknown.size(); i++) {
      sb.append(i > 0 ? ", " : "").append("unknown field \"").append(unknown.get(i)).append('"');
    }
    return cannotHandle(t, sb.toString());
  }

  /** The 400 for a body that does not decode into the kind's Go type. */
  static ApiException cannotHandle(ResourceType t, String why) {
    return ApiException.badRequest(
        t.kind()
            + " in version \""
            + t.version()
            + "\" cannot be handled as a "
            + t.kind()
            + ": "
            + why);
  }

  private static List<ApiException.Cause> validate(ResourceType t, ObjectNode obj) {
    List<ApiException.Cause> causes = new ArrayList<>(ObjectMetaRules.validate(t, obj));
    causes.addAll(KindRules.validate(t, obj));
    StructuralSchema schema = StructuralSchema.of(t);
    if (schema != null) {
      causes.addAll(schema.validate(obj));
    }
    return causes;
  }

  private static void fail(ResourceType t, ObjectNode obj, List<ApiException.Cause> causes) {
    if (!causes.isEmpty()) {
      String name = Json.text(obj, "metadata", "name");
      throw ApiException.invalid(t, name == null ? "" : name, FieldErrors.distinct(causes));
    }
  }
}
