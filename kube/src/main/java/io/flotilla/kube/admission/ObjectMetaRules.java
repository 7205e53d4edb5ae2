package io.flotilla.kube.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.FieldErrors;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.LabelSyntax;
import io.flotilla.kube.base.ResourceType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What {@code ValidateObjectMeta} checks on every write: the name by the kind's rule, {@code
 * generateName}, label keys and values, annotation keys and size, owner references; and which
 * {@code metadata} fields exist at all (others are dropped, as decoding into ObjectMeta drops
 * them).
 */
public final class ObjectMetaRules {
  private ObjectMetaRules() {}

  /** How a kind's names are checked. */
  enum NameRule {
    SUBDOMAIN,
    LABEL,
    DNS1035,
    PATH_SEGMENT
  }

  static final Set<String> META_FIELDS =
      Set.of(
          "name",
          "generateName",
          "namespace",
          "selfLink",
          "uid",
          "resourceVersion",
          "generation",
          "creationTimestamp",
          "deletionTimestamp",
          "deletionGracePeriodSeconds",
          "labels",
          "annotations",
          "ownerReferences",
          "finalizers",
          "managedFields");

  private static final String LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final String SUBDOMAIN_FMT = LABEL_FMT + "(\\." + LABEL_FMT + ")*";
  private static final String DNS1035_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";
  private static final TextFormat LABEL_FORMAT =
      TextFormat.of(
          63,
          LABEL_FMT,
          "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-',"
              + " and must start and end with an alphanumeric character",
          "my-name",
          "123-abc");
  private static final TextFormat SUBDOMAIN_FORMAT =
      TextFormat.of(
          253,
          SUBDOMAIN_FMT,
          "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters,"
              + " '-' or '.', and must start and end with an alphanumeric character",
          "example.com");
  private static final TextFormat DNS1035_FORMAT =
      TextFormat.of(
          63,
          DNS1035_FMT,
          "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with"
              + " an alphabetic character, and end with an alphanumeric character",
          "my-name",
          "abc-123");
  static final int TOTAL_ANNOTATION_SIZE = 256 * 1024;

  static NameRule nameRule(ResourceType t) {
    if (t.group().equals("rbac.authorization.k8s.io")) {
      return NameRule.PATH_SEGMENT;
    }
    if (t.is("", "namespaces") || t.is("apps", "statefulsets")) {
      return NameRule.LABEL;
    }
    if (t.is("", "services")) {
      return NameRule.DNS1035;
    }
    return NameRule.SUBDOMAIN;
  }

  /** The messages the kind's name rule gives for {@code name}; empty when valid. */
  static List<String> nameErrors(NameRule rule, String name, boolean prefix) {
    List<String> errs = new ArrayList<>();
    if (rule == NameRule.PATH_SEGMENT) {
      if (!prefix && (name.equals(".") || name.equals(".."))) {
        errs.add("may not be '" + name + "'");
      }
      for (String bad : List.of("/", "%")) {
        if (name.contains(bad)) {
          errs.add("may not contain '" + bad + "'");
        }
      }
      return errs;
    }
    String n = prefix ? maskTrailingDash(name) : name;
    switch (rule) {
      case LABEL -> {
        errs.addAll(LABEL_FORMAT.errors(n));
        if (!LABEL_FORMAT.matches(n) && SUBDOMAIN_FORMAT.matches(n)) {
          // a subdomain that is no label: kube-apiserver names the dots instead of the regex
          errs.set(errs.size() - 1, "must not contain dots");
        }
      }
      case DNS1035 -> errs.addAll(DNS1035_FORMAT.errors(n));
      default -> errs.addAll(SUBDOMAIN_FORMAT.errors(n));
    }
    return errs;
  }

  private static String maskTrailingDash(String name) {
    if (name.length() > 1 && name.endsWith("-")) {
      return name.substring(0, name.length() - 2) + "a";
    }
    return name;
  }

  static String maxLen(int n) {
    return "must be no more than " + n + " characters";
  }

  static String regexError(String msg, String fmt, String... examples) {
    StringBuilder sb = new StringBuilder(msg);
    if (examples.length == 0) {
      return sb.append(" (regex used for validation is '").append(fmt).append("')").toString();
    }
    sb.append(" (e.g. ");
    for (int i = 0; i < examples.length; i++) {
      if (i > 0) {
        sb.append(" or ");
      }
      sb.append('\'').append(examples[i]).append("', ");
    }
    return sb.append("regex used for validation is '").append(fmt).append("')").toString();
  }

  /** Label keys and values under {@code path} (also used for template labels). */
  static void validateLabels(JsonNode labels, String path, List<ApiException.Cause> out) {
    if (labels == null || !labels.isObject()) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      for (String m : LabelSyntax.qualifiedNameErrors(e.getKey())) {
        out.add(FieldErrors.invalid(path, Json.F.textNode(e.getKey()), m));
      }
      String v = e.getValue().isNull() ? "" : e.getValue().asText();
      for (String m : LabelSyntax.labelValueErrors(v)) {
        out.add(FieldErrors.invalid(path, Json.F.textNode(v), m));
      }
    }
  }

  static void validateAnnotations(JsonNode annotations, String path, List<ApiException.Cause> out) {
    if (annotations == null || !annotations.isObject()) {
      return;
    }
    long size = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = annotations.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      for (String m : LabelSyntax.qualifiedNameErrors(e.getKey().toLowerCase(Locale.ROOT))) {
        out.add(FieldErrors.invalid(path, Json.F.textNode(e.getKey()), m));
      }
      size += e.getKey().getBytes(StandardCharsets.UTF_8).length;
      size += e.getValue().asText().getBytes(StandardCharsets.UTF_8).length;
    }
    if (size > TOTAL_ANNOTATION_SIZE) {
      out.add(FieldErrors.tooLongBytes(path, TOTAL_ANNOTATION_SIZE));
    }
  }

  /**
   * Checks the metadata of an object about to be stored. {@code name} was already generated from
   * {@code generateName} when that was used, so both are checked here.
   */
  static List<ApiException.Cause> validate(ResourceType t, ObjectNode obj) {
    List<ApiException.Cause> causes = new ArrayList<>();
    JsonNode m = obj.path("metadata");
    NameRule rule = nameRule(t);
    String gen = Json.text(m, "generateName");
    if (gen != null && !gen.isEmpty()) {
      for (String msg : nameErrors(rule, gen, true)) {
        causes.add(FieldErrors.invalid("metadata.generateName", Json.F.textNode(gen), msg));
      }
    }
    String name = Json.text(m, "name");
    if (name == null || name.isEmpty()) {
      causes.add(FieldErrors.required("metadata.name", "name or generateName is required"));
    } else {
      for (String msg : nameErrors(rule, name, false)) {
        causes.add(FieldErrors.invalid("metadata.name", Json.F.textNode(name), msg));
      }
    }
    validateLabels(m.get("labels"), "metadata.labels", causes);
    validateAnnotations(m.get("annotations"), "metadata.annotations", causes);
    JsonNode owners = m.get("ownerReferences");
    if (owners != null && owners.isArray()) {
      // The real validator reports these without an index.
      String p = "metadata.ownerReferences";
      for (JsonNode o : owners) {
        for (String[] f :
            List.of(
                new String[] {"apiVersion", "version"},
                new String[] {"kind", "kind"},
                new String[] {"name", "name"},
                new String[] {"uid", "uid"})) {
          if (o.path(f[0]).asText("").isEmpty()) {
            causes.add(
                FieldErrors.invalid(
                    p + "." + f[0], Json.F.textNode(""), f[1] + " must not be empty"));
          }
        }
      }
    }
    return causes;
  }

  /** Drops metadata fields ObjectMeta does not have; returns their paths for fieldValidation. */
  static List<String> pruneUnknown(ObjectNode obj) {
    List<String> unknown = new ArrayList<>();
    if (!(obj.get("metadata") instanceof ObjectNode m)) {
      return unknown;
    }
    for (Iterator<String> it = m.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!META_FIELDS.contains(f)) {
        unknown.add("metadata." + f);
        it.remove();
      }
    }
    return unknown;
  }
}
