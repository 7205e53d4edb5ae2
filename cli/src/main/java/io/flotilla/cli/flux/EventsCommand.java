package io.flotilla.cli.flux;

import io.fabric8.kubernetes.api.model.Event;
import io.flotilla.gotext.HumanDuration;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code flux events [--for Kind[/name]] [-A] [--types …]}: the Kubernetes events of Flux objects,
 * oldest first; for a Kustomization or HelmRelease also those of its source (and a release's
 * HelmChart), as flux shows them.
 */
@Command(name = "events", description = "Display Kubernetes events for Flux resources")
final class EventsCommand extends LeafCommand {
  private static final Set<String> FLUX_KINDS =
      Arrays.stream(FluxKind.values()).map(FluxKind::kind).collect(Collectors.toUnmodifiableSet());

  @Option(
      names = {"-A", "--all-namespaces"},
      description = "display events from Flux resources across all namespaces")
  boolean allNamespaces;

  @Option(names = "--for", description = "get events for a particular object")
  String forSelector;

  @Option(
      names = "--types",
      split = ",",
      description = "filter events for certain types (valid types are: Normal, Warning)")
  List<String> types = new ArrayList<>();

  @Option(
      names = {"-w", "--watch"},
      description = "indicate if the events should be streamed")
  boolean watch;

  /** Which events to show: a kind and maybe a name in a namespace. */
  private record Selector(String kind, String name, String namespace) {
    boolean matches(Event e) {
      return e.getInvolvedObject().getKind().equals(kind)
          && (name == null || name.equals(e.getInvolvedObject().getName()))
          && (namespace == null || namespace.equals(e.getMetadata().getNamespace()));
    }
  }

  @Override
  public Integer call() {
    FluxGroup flux = flux();
    for (String t : types) {
      if (!t.equalsIgnoreCase("Normal") && !t.equalsIgnoreCase("Warning")) {
        throw new FluxException(
            "type '" + t + "' not supported. Supported types are Normal, Warning");
      }
    }
    String ns = flux.namespace();
    try (Kube kube = flux.kube()) {
      List<Selector> selectors = selectors(kube, ns);
      boolean otherNamespace =
          selectors.stream().anyMatch(s -> s.namespace() != null && !s.namespace().equals(ns));
      boolean showNamespace = allNamespaces || otherNamespace;
      if (watch) {
        stream(kube, flux, ns, selectors, showNamespace);
        return 0;
      }
      List<Event> events = new ArrayList<>();
      for (Event e :
          kube.call(() -> kube.client().v1().events().inAnyNamespace().list()).getItems()) {
        if (keep(e, ns, selectors)) {
          events.add(e);
        }
      }
      events.sort(Comparator.comparing(EventsCommand::time));
      if (events.isEmpty()) {
        flux.logger()
            .failure(
                allNamespaces ? "No events found." : "No events found in " + ns + " namespace.");
        return 0;
      }
      List<List<String>> rows = new ArrayList<>();
      Instant now = Instant.now();
      for (Event e : events) {
        rows.add(row(e, showNamespace, now));
      }
      Table.print(spec.commandLine().getOut(), header(showNamespace), rows);
    }
    return 0;
  }

  private static List<String> row(Event e, boolean showNamespace, Instant now) {
    List<String> row = new ArrayList<>();
    if (showNamespace) {
      row.add(e.getMetadata().getNamespace());
    }
    row.add(lastSeen(e, now));
    row.add(e.getType());
    row.add(e.getReason());
    row.add(e.getInvolvedObject().getKind() + "/" + e.getInvolvedObject().getName());
    row.add(e.getMessage());
    return row;
  }

  private static List<String> header(boolean showNamespace) {
    List<String> header = new ArrayList<>();
    if (showNamespace) {
      header.add("Namespace");
    }
    header.addAll(List.of("Last seen", "Type", "Reason", "Object", "Message"));
    return header;
  }

  /**
   * {@code --watch}: each matching event as it comes (those already there first), a one-row table
   * per event with the header before the first, until {@code --timeout} (then quietly, as flux's
   * watch ends with its context).
   */
  private void stream(
      Kube kube, FluxGroup flux, String ns, List<Selector> selectors, boolean showNamespace) {
    PrintWriter out = spec.commandLine().getOut();
    TableWatch.Closing<Event> watcher =
        new TableWatch.Closing<>() {
          private boolean first = true;

          @Override
          public synchronized void eventReceived(Action action, Event e) {
            if (action == Action.DELETED || action == Action.BOOKMARK || !keep(e, ns, selectors)) {
              return;
            }
            Table.print(
                out,
                first ? header(showNamespace) : List.of(),
                List.of(row(e, showNamespace, Instant.now())));
            out.flush();
            first = false;
          }
        };
    TableWatch.await(
        flux,
        () -> kube.call(() -> kube.client().v1().events().inAnyNamespace().watch(watcher)),
        watcher.closed);
  }

  private boolean keep(Event e, String ns, List<Selector> selectors) {
    if (!FLUX_KINDS.contains(e.getInvolvedObject().getKind())) {
      return false;
    }
    if (!types.isEmpty() && types.stream().noneMatch(t -> t.equalsIgnoreCase(e.getType()))) {
      return false;
    }
    if (selectors.isEmpty()) {
      return allNamespaces || ns.equals(e.getMetadata().getNamespace());
    }
    Selector own = selectors.get(0);
    boolean inScope = allNamespaces || ns.equals(e.getMetadata().getNamespace());
    if (inScope && own.matches(e)) {
      return true;
    }
    return selectors.subList(1, selectors.size()).stream().anyMatch(s -> s.matches(e));
  }

  /** The object {@code --for} names, then the objects it reads from (its source, its chart). */
  private List<Selector> selectors(Kube kube, String ns) {
    if (forSelector == null || forSelector.isEmpty()) {
      return List.of();
    }
    int slash = forSelector.indexOf('/');
    String kindText = slash < 0 ? forSelector : forSelector.substring(0, slash);
    String name = slash < 0 ? null : forSelector.substring(slash + 1);
    if (kindText.isEmpty()) {
      throw new FluxException("--for selector must be of format <kind>[/<name>]");
    }
    FluxKind fluxKind = FluxKind.byKind(kindText);
    if (fluxKind == null) {
      throw new FluxException("'" + kindText + "' is not a recognized Flux kind");
    }
    List<Selector> out = new ArrayList<>();
    out.add(new Selector(fluxKind.kind(), name, null));
    if (name != null) {
      FluxObject o = kube.get(fluxKind, ns, name);
      Source.of(o).ifPresent(s -> out.add(new Selector(s.kind().kind(), s.name(), s.namespace())));
      if (fluxKind == FluxKind.HELM_RELEASE && o.spec().has("chart")) {
        out.add(chartSource(o));
      }
    }
    return out;
  }

  /** A release's chart source, besides the HelmChart made for it. */
  private static Selector chartSource(FluxObject hr) {
    var ref = hr.spec().path("chart").path("spec").path("sourceRef");
    String ns = ref.path("namespace").asText("");
    return new Selector(
        ref.path("kind").asText(), ref.path("name").asText(), ns.isEmpty() ? hr.namespace() : ns);
  }

  private static Instant time(Event e) {
    if (e.getSeries() != null && e.getSeries().getLastObservedTime() != null) {
      return Instant.parse(e.getSeries().getLastObservedTime().getTime());
    }
    if (e.getLastTimestamp() != null) {
      return Instant.parse(e.getLastTimestamp());
    }
    return e.getEventTime() == null || e.getEventTime().getTime() == null
        ? Instant.EPOCH
        : Instant.parse(e.getEventTime().getTime());
  }

  /** kubectl's LAST SEEN: the age, with the count and first time for a repeated event. */
  private static String lastSeen(Event e, Instant now) {
    String first =
        e.getEventTime() != null && e.getEventTime().getTime() != null
            ? age(e.getEventTime().getTime(), now)
            : age(e.getFirstTimestamp(), now);
    if (e.getCount() != null && e.getCount() > 1) {
      return age(e.getLastTimestamp(), now) + " (x" + e.getCount() + " over " + first + ")";
    }
    return first;
  }

  private static String age(String timestamp, Instant now) {
    if (timestamp == null || timestamp.isEmpty()) {
      return "<unknown>";
    }
    return HumanDuration.of(Duration.between(Instant.parse(timestamp), now));
  }
}
