package io.flotilla.controllers.notification;

import io.flotilla.api.flux.notification.Alert;
import io.flotilla.api.flux.notification.AlertSpec;
import io.flotilla.api.flux.notification.CrossNamespaceObjectReference;
import io.flotilla.controllers.runtime.FluxEvent;
import io.flotilla.kustomize.GoRegexp;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Whether an Alert takes an event, as Flux's event handler decides: a source of the event's kind
 * whose name is the object's or {@code *} (then with {@code matchLabels} on the object's labels),
 * in the source's namespace (the Alert's by default, {@code *} for all); the severity; the
 * inclusion and exclusion lists (exclusion wins). Under multi-tenancy a source in another namespace
 * is refused.
 */
final class AlertMatch {
  private AlertMatch() {}

  static boolean matches(
      Alert alert,
      FluxEvent e,
      boolean noCrossNamespaceRefs,
      Function<FluxEvent, Map<String, String>> labels,
      Consumer<String> refused) {
    AlertSpec spec = alert.getSpec();
    if (spec == null || spec.suspended() || spec.eventSources() == null) {
      return false;
    }
    if (spec.eventSeverity() == AlertSpec.Severity.ERROR && !FluxEvent.ERROR.equals(e.severity())) {
      return false;
    }
    String alertNs = alert.getMetadata().getNamespace();
    boolean sourceMatched = false;
    for (CrossNamespaceObjectReference s : spec.eventSources()) {
      String ns = s.namespace() == null || s.namespace().isEmpty() ? alertNs : s.namespace();
      if (noCrossNamespaceRefs && !ns.equals(alertNs)) {
        refused.accept(
            "Alert '"
                + alertNs
                + "/"
                + alert.getMetadata().getName()
                + "': can't access '"
                + s.kind()
                + "/"
                + ns
                + "/"
                + s.name()
                + "', cross-namespace references have been blocked");
        continue;
      }
      var o = e.involvedObject();
      if (!s.kind().name().equals(o.kind())) {
        continue;
      }
      if (!ns.equals("*") && !ns.equals(o.namespace())) {
        continue;
      }
      if (s.name().equals("*")) {
        if (s.matchLabels() != null && !s.matchLabels().isEmpty()) {
          Map<String, String> have = labels.apply(e);
          if (have == null
              || !s.matchLabels().entrySet().stream()
                  .allMatch(l -> l.getValue().equals(have.get(l.getKey())))) {
            continue;
          }
        }
      } else if (!s.name().equals(o.name())) {
        continue;
      }
      sourceMatched = true;
      break;
    }
    if (!sourceMatched) {
      return false;
    }
    String message = e.message() == null ? "" : e.message();
    List<String> include = spec.inclusionList();
    if (include != null
        && !include.isEmpty()
        && include.stream().noneMatch(r -> find(r, message, refused, alert))) {
      return false;
    }
    List<String> exclude = spec.exclusionList();
    return exclude == null || exclude.stream().noneMatch(r -> find(r, message, refused, alert));
  }

  private static boolean find(String regex, String message, Consumer<String> refused, Alert a) {
    try {
      return GoRegexp.compile(regex).matcher(message).find();
    } catch (GoRegexp.TooComplex ex) {
      refused.accept(
          "Alert '%s/%s': %s"
              .formatted(
                  a.getMetadata().getNamespace(), a.getMetadata().getName(), ex.getMessage()));
      return false;
    } catch (GoRegexp.SyntaxError ex) {
      refused.accept(
          "Alert '"
              + a.getMetadata().getNamespace()
              + "/"
              + a.getMetadata().getName()
              + "': failed to compile regex: "
              + regex);
      return false;
    }
  }

  /**
   * The event as this Alert sends it: its {@code eventMetadata} and {@code summary} added where the
   * event has no such key (the emitter's values win, as in Flux).
   */
  static FluxEvent enrich(Alert alert, FluxEvent e) {
    AlertSpec spec = alert.getSpec();
    Map<String, String> meta = new TreeMap<>();
    if (e.metadata() != null) {
      meta.putAll(e.metadata());
    }
    if (spec.eventMetadata() != null) {
      spec.eventMetadata().forEach(meta::putIfAbsent);
    }
    if (spec.summary() != null && !spec.summary().isEmpty()) {
      meta.putIfAbsent("summary", spec.summary());
    }
    return e.withMetadata(meta);
  }
}
