package io.flotilla.kube.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.FieldErrors;
import io.flotilla.kube.base.GoBase64;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import io.flotilla.kube.store.Selectors;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per-kind rules of the real API server's strategies and validators that Flotilla's users meet:
 * immutable fields (Job, workload selectors, StatefulSet spec, Service clusterIPs, immutable
 * ConfigMaps and Secrets, Secret type, PVC and PV specs, Pod spec), selector/template agreement,
 * and the Secret {@code stringData} to {@code data} conversion.
 */
public final class KindRules {
  private KindRules() {}

  static final String IMMUTABLE = "field is immutable";
  static final String IMMUTABLE_WHEN_SET = "field is immutable when `immutable` is set";

  // ------------------------------------------------------------------ normalisation

  /** Work the server does to an incoming object before validating it (create and update). */
  static void normalize(ResourceType t, ObjectNode obj) {
    if (t.is("", "secrets")) {
      decodesAsBytes(t, obj, "data");
      mergeStringData(obj);
    } else if (t.is("", "configmaps")) {
      decodesAsBytes(t, obj, "binaryData");
    }
  }

  /**
   * A map of Go {@code []byte} values must hold base64 (standard alphabet, padded): decoding the
   * request fails on the first value that does not, with Go's offset, before any validation. A
   * value kept is the bytes it decodes to, written again as kube-apiserver writes a {@code []byte}:
   * without the line breaks base64 tools insert.
   */
  private static void decodesAsBytes(ResourceType t, ObjectNode obj, String field) {
    if (!(obj.get(field) instanceof ObjectNode values)) {
      return;
    }
    for (Map.Entry<String, JsonNode> e : values.properties()) {
      if (!e.getValue().isTextual()) {
        continue;
      }
      String text = e.getValue().textValue();
      int at = GoBase64.corruptAt(text);
      if (at >= 0) {
        throw Admission.cannotHandle(t, "illegal base64 data at input byte " + at);
      }
      if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
        values.put(e.getKey(), Base64.getEncoder().encodeToString(GoBase64.decode(text)));
      }
    }
  }

  /** {@code stringData} is write-only: each entry becomes base64 {@code data}, overriding it. */
  private static void mergeStringData(ObjectNode secret) {
    JsonNode sd = secret.remove("stringData");
    if (sd == null || !sd.isObject() || sd.isEmpty()) {
      return;
    }
    ObjectNode data = Json.child(secret, "data");
    for (Iterator<Map.Entry<String, JsonNode>> it = sd.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      data.put(
          e.getKey(),
          Base64.getEncoder()
              .encodeToString(e.getValue().asText().getBytes(StandardCharsets.UTF_8)));
    }
  }

  // ------------------------------------------------------------------ create and update

  /** Rules every write of the kind must pass. */
  static List<ApiException.Cause> validate(ResourceType t, ObjectNode obj) {
    List<ApiException.Cause> causes = new ArrayList<>();
    switch (t.storageKey()) {
      case "apps/deployments", "apps/replicasets", "apps/daemonsets", "apps/statefulsets" ->
          selectorMatchesTemplate(t, obj, causes);
      case "/configmaps" -> dataKeys(obj, causes, "data", "binaryData");
      case "/secrets" -> dataKeys(obj, causes, "data");
      case "batch/cronjobs" -> CronJobRules.validate(obj, causes);
      default -> {}
    }
    if (t.group().equals("apps") || t.is("batch", "jobs")) {
      ObjectMetaRules.validateLabels(
          Json.at(obj, "spec", "template", "metadata", "labels"),
          "spec.template.metadata.labels",
          causes);
    }
    return causes;
  }

  static final long MAX_DATA_SIZE = 1024 * 1024;
  private static final TextFormat CONFIG_KEY =
      TextFormat.of(
          253,
          "[-._a-zA-Z0-9]+",
          "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
          "key.name",
          "KEY_NAME",
          "key-name");

  /** ConfigMap and Secret keys ({@code IsConfigMapKey}) and the 1 MiB total. */
  private static void dataKeys(ObjectNode obj, List<ApiException.Cause> causes, String... bags) {
    long total = 0;
    for (String bag : bags) {
      JsonNode data = obj.get(bag);
      if (data == null || !data.isObject()) {
        continue;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String key = e.getKey();
        for (String m : configKeyErrors(key)) {
          causes.add(FieldErrors.invalid(bag + "[" + key + "]", Json.F.textNode(key), m));
        }
        String v = e.getValue().asText();
        // data of a Secret and binaryData of a ConfigMap are base64 on the wire.
        boolean base64 = bag.equals("binaryData") || bags.length == 1;
        total += base64 ? v.length() / 4 * 3 : v.getBytes(StandardCharsets.UTF_8).length;
      }
    }
    if (total > MAX_DATA_SIZE) {
      causes.add(FieldErrors.tooLongBytes(bags.length == 1 ? "data" : "", MAX_DATA_SIZE));
    }
  }

  static List<String> configKeyErrors(String key) {
    List<String> errs = CONFIG_KEY.errors(key);
    if (key.equals(".") || key.equals("..")) {
      errs.add("must not be '" + key + "'");
    } else if (key.startsWith("..")) {
      errs.add("must not start with '..'");
    }
    return errs;
  }

  private static void selectorMatchesTemplate(
      ResourceType t, ObjectNode obj, List<ApiException.Cause> causes) {
    JsonNode sel = Json.at(obj, "spec", "selector");
    if (sel == null) {
      causes.add(FieldErrors.required("spec.selector", ""));
      return;
    }
    JsonNode ml = sel.get("matchLabels");
    JsonNode me = sel.get("matchExpressions");
    boolean empty = (ml == null || ml.isEmpty()) && (me == null || me.isEmpty());
    if (empty) {
      causes.add(
          FieldErrors.invalidRendered(
              "spec.selector",
              FieldErrors.labelSelector(sel),
              "empty selector is invalid for " + kindNoun(t)));
      return;
    }
    JsonNode labels = Json.at(obj, "spec", "template", "metadata", "labels");
    if (!Selectors.matches(sel, labels)) {
      causes.add(
          FieldErrors.invalidRendered(
              "spec.template.metadata.labels",
              FieldErrors.stringMap(labels),
              "`selector` does not match template `labels`"));
    }
  }

  private static String kindNoun(ResourceType t) {
    return switch (t.plural()) {
      case "deployments" -> "deployment";
      case "statefulsets" -> "statefulset";
      case "daemonsets" -> "daemonset";
      default -> "replicaset";
    };
  }

  private static final Pattern QUANTITY =
      Pattern.compile("([+-]?[0-9.]+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?");

  /** A resource quantity ({@code 10Gi}, {@code 500M}, {@code 1e3}) as a number, or null. */
  public static BigDecimal quantity(String s) {
    if (s == null) {
      return null;
    }
    Matcher m = QUANTITY.matcher(s.trim());
    if (!m.matches()) {
      return null;
    }
    BigDecimal v;
    try {
      v = new BigDecimal(m.group(1));
    } catch (NumberFormatException e) {
      return null;
    }
    String suffix = m.group(2);
    if (suffix == null) {
      return v;
    }
    return switch (suffix) {
      case "Ki" -> v.multiply(BigDecimal.valueOf(1024));
      case "Mi" -> v.multiply(BigDecimal.valueOf(1024L * 1024));
      case "Gi" -> v.multiply(BigDecimal.valueOf(1024L * 1024 * 1024));
      case "Ti" -> v.multiply(BigDecimal.valueOf(1024L * 1024 * 1024 * 1024));
      case "Pi" -> v.multiply(BigDecimal.valueOf(1024L * 1024 * 1024 * 1024 * 1024));
      case "Ei" -> v.multiply(BigDecimal.valueOf(1024L * 1024 * 1024 * 1024 * 1024 * 1024));
      case "m" -> v.movePointLeft(3);
      case "k" -> v.movePointRight(3);
      case "M" -> v.movePointRight(6);
      case "G" -> v.movePointRight(9);
      case "T" -> v.movePointRight(12);
      case "P" -> v.movePointRight(15);
      case "E" -> v.movePointRight(18);
      default -> v.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
    };
  }
}
