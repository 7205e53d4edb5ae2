package io.flotilla.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.flotilla.api.agent.ObservedObjects;
import io.flotilla.api.arm.ObjectStatusDefinition;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.source.Bucket;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.api.flux.source.OCIRepository;
import io.flotilla.api.fluxconfig.FluxConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what the dashboard shows beside a configuration's conditions: the latest Events about its
 * Flux objects and the live {@code spec} of the objects the configuration owns (its source and
 * Kustomizations). One pass lists each namespace's Events and Flux objects once, however many
 * configurations live there. What the agent may not read is left out, never guessed.
 */
final class Observer {
  private static final Logger LOG = LoggerFactory.getLogger(Observer.class);
  private static final int MAX_MESSAGE = 1024;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<Class<? extends CustomResource<?, ?>>> OWNED =
      List.of(GitRepository.class, Bucket.class, OCIRepository.class, Kustomization.class);

  private final KubernetesClient client;

  Observer(KubernetesClient client) {
    this.client = client;
  }

  /** What was observed per configuration, keyed by {@code namespace/name}. */
  Map<String, ObservedObjects> observe(List<FluxConfig> configs) {
    Map<String, List<Event>> events = new HashMap<>();
    Map<String, List<CustomResource<?, ?>>> owned = new HashMap<>();
    Map<String, ObservedObjects> out = new HashMap<>();
    for (FluxConfig c : configs) {
      String ns = c.getMetadata().getNamespace();
      Set<String> about = new HashSet<>();
      List<ObjectStatusDefinition> statuses =
          c.getStatus() == null || c.getStatus().statuses() == null
              ? List.of()
              : c.getStatus().statuses();
      for (ObjectStatusDefinition s : statuses) {
        String objectNs = s.namespace() == null || s.namespace().isEmpty() ? ns : s.namespace();
        about.add(objectNs + "/" + s.kind() + "/" + s.name());
      }
      List<ObservedObjects.Event> seen = new ArrayList<>();
      boolean readable = true;
      for (String objectNs : namespaces(about)) {
        if (!events.containsKey(objectNs)) {
          events.put(objectNs, events(objectNs)); // null, refused, is kept too: asked once
        }
        List<Event> listed = events.get(objectNs);
        if (listed == null) {
          readable = false;
          continue;
        }
        for (Event e : listed) {
          var io = e.getInvolvedObject();
          if (io != null && about.contains(objectNs + "/" + io.getKind() + "/" + io.getName())) {
            seen.add(event(e));
          }
        }
      }
      seen.sort(
          Comparator.comparing(
                  ObservedObjects.Event::lastTimestamp, Comparator.nullsFirst(String::compareTo))
              .reversed());
      List<ObservedObjects.Live> live = new ArrayList<>();
      for (CustomResource<?, ?> o : owned.computeIfAbsent(ns, this::owned)) {
        if (c.getMetadata()
            .getName()
            .equals(o.getMetadata().getLabels().get(FluxConfig.NAME_LABEL))) {
          live.add(
              new ObservedObjects.Live(
                  o.getKind(), o.getMetadata().getName(), ns, JSON.valueToTree(o.getSpec())));
        }
      }
      live.sort(Comparator.comparing(l -> l.kind() + "/" + l.name()));
      out.put(
          key(c),
          new ObservedObjects(
              // events the agent may not read are not reported, so none are shown as "none"
              readable
                  ? List.copyOf(seen.subList(0, Math.min(seen.size(), ObservedObjects.MAX_EVENTS)))
                  : null,
              live));
    }
    return out;
  }

  static String key(FluxConfig c) {
    return c.getMetadata().getNamespace() + "/" + c.getMetadata().getName();
  }

  private static Set<String> namespaces(Set<String> about) {
    Set<String> out = new HashSet<>();
    about.forEach(a -> out.add(a.substring(0, a.indexOf('/'))));
    return out;
  }

  /** The namespace's events, or null when the agent may not list them. */
  private List<Event> events(String ns) {
    try {
      return client.v1().events().inNamespace(ns).list().getItems();
    } catch (KubernetesClientException e) {
      LOG.debug("cannot list the events of namespace {}: {}", ns, e.getMessage());
      return null;
    }
  }

  private List<CustomResource<?, ?>> owned(String ns) {
    List<CustomResource<?, ?>> out = new ArrayList<>();
    for (Class<? extends CustomResource<?, ?>> kind : OWNED) {
      try {
        out.addAll(
            client
                .resources(kind)
                .inNamespace(ns)
                .withLabel(FluxConfig.NAME_LABEL)
                .list()
                .getItems());
      } catch (KubernetesClientException e) {
        // the kind is not served (its CRD is missing) or not readable: nothing of it to show
        LOG.debug("cannot list {} in {}: {}", kind.getSimpleName(), ns, e.getMessage());
      }
    }
    return out;
  }

  private static ObservedObjects.Event event(Event e) {
    String message = Objects.requireNonNullElse(e.getMessage(), "");
    if (message.length() > MAX_MESSAGE) {
      message = message.substring(0, MAX_MESSAGE) + "…";
    }
    String at =
        e.getLastTimestamp() != null
            ? e.getLastTimestamp()
            : e.getEventTime() != null && e.getEventTime().getTime() != null
                ? e.getEventTime().getTime()
                : e.getMetadata().getCreationTimestamp();
    return new ObservedObjects.Event(
        e.getInvolvedObject().getKind(),
        e.getInvolvedObject().getName(),
        e.getType(),
        e.getReason(),
        message,
        e.getCount(),
        at);
  }
}
