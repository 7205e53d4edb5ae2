package io.flotilla.kube.printers;

import io.flotilla.kube.base.HumanDuration;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which table a resource prints as: kube-apiserver 1.32's printer for the built-in kinds that have
 * one, the CRD's columns for custom resources, and otherwise the default NAME / CREATED AT table
 * (Roles, ClusterRoles, LimitRanges, CRDs themselves).
 */
public final class Printers {
  private Printers() {}

  private static final Map<String, Printer> BUILTIN = builtin();

  /** The default table of kinds without a printer: the creation time as RFC 3339. */
  static final Printer DEFAULT =
      new Printer(
          List.of(
              TableColumn.NAME,
              new TableColumn("Created At", "date", "", TableColumn.CREATED_DOC, 0)),
          (obj, now, out) -> {
            String created = Json.text(obj, "metadata", "creationTimestamp");
            java.time.Instant t = HumanDuration.parseOrNull(created);
            out.add(PrinterText.name(obj));
            out.add(
                (t == null
                        ? HumanDuration.ZERO
                        : t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                    .toString());
          });

  private static Map<String, Printer> builtin() {
    Map<String, Printer> m = new HashMap<>();
    WorkloadPrinters.register(m);
    CorePrinters.register(m);
    NetworkPrinters.register(m);
    StoragePrinters.register(m);
    PolicyPrinters.register(m);
    m.put("/pods", PodPrinter.PRINTER);
    m.put("/events", CorePrinters.EVENTS);
    m.put("events.k8s.io/events", CorePrinters.EVENTS);
    return Map.copyOf(m);
  }

  public static Printer of(ResourceType t) {
    if (t.isCustom()) {
      return CustomColumns.of(t.printerColumns());
    }
    return BUILTIN.getOrDefault(t.storageKey(), DEFAULT);
  }
}
