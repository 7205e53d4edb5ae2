package io.flotilla.kube.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import io.flotilla.kube.core.ApiCore;
import io.flotilla.kube.core.Registry;
import io.flotilla.kube.proto.ProtoWire;
import io.flotilla.kube.store.Selectors;
import io.flotilla.kube.store.Store;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/** Streams watch events as newline-delimited JSON, the way kube-apiserver does. */
public final class Watches {
  static final long BOOKMARK_EVERY_MS = 10_000;
  private static final Store.Change CLOSE = new Store.Change(-1, "CLOSE", "", null, null);

  private final Store store;
  private final Registry registry;
  private final Set<LinkedBlockingQueue<Store.Change>> open = ConcurrentHashMap.newKeySet();

  public Watches(Store store, Registry registry) {
    this.store = store;
    this.registry = registry;
  }

  void serve(
      HttpExchange ex,
      ResourceType t,
      String ns,
      String labelSelector,
      String fieldSelector,
      String resourceVersion,
      long timeoutSeconds,
      boolean bookmarks,
      boolean protobuf,
      UnaryOperator<JsonNode> transform)
      throws IOException {
    Framing framing =
        transform != null
            ? new TransformingFraming(transform)
            : protobuf ? new ProtoFraming() : new JsonFraming();
    Predicate<JsonNode> labels = Selectors.labels(labelSelector);
    Predicate<JsonNode> fields = Selectors.fields(fieldSelector, t);
    Predicate<JsonNode> match =
        o ->
            o != null
                && (ns == null
                    || !t.namespaced()
                    || ns.equals(Json.text(o, "metadata", "namespace")))
                && labels.test(o)
                && fields.test(o);
    long from;
    if (resourceVersion == null || resourceVersion.isEmpty() || resourceVersion.equals("0")) {
      from = -1;
    } else {
      try {
        from = Long.parseLong(resourceVersion);
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("invalid resource version: " + resourceVersion);
      }
    }
    LinkedBlockingQueue<Store.Change> queue = new LinkedBlockingQueue<>();
    Consumer<Store.Change> listener =
        c -> {
          if (c.storageKey().equals(t.storageKey())) {
            queue.offer(c);
          }
        };
    boolean ok;
    List<ObjectNode> initial = List.of();
    if (from < 0) {
      initial = store.listAndSubscribe(t.storageKey(), t.namespaced() ? ns : null, listener);
      ok = true;
    } else {
      ok = store.subscribe(from, listener);
    }
    ex.getResponseHeaders().set("Content-Type", framing.contentType());
    ex.getResponseHeaders().set("Cache-Control", "no-cache, private");
    ex.sendResponseHeaders(200, 0);
    open.add(queue);
    try (OutputStream out = ex.getResponseBody()) {
      if (!ok) {
        ApiException gone =
            ApiException.gone(
                "too old resource version: " + from + " (" + store.compactedRv() + ")");
        framing.write(out, "ERROR", gone.toStatus());
        return;
      }
      store.awaitDurable(); // what a watcher sees must survive a crash
      for (ObjectNode o : initial) {
        if (match.test(o)) {
          framing.write(out, "ADDED", ApiCore.view(t, o));
        }
      }
      out.flush();
      long deadline =
          timeoutSeconds > 0 ? System.currentTimeMillis() + timeoutSeconds * 1000 : Long.MAX_VALUE;
      long lastRv = Math.max(from, store.resourceVersion());
      while (true) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          if (bookmarks) {
            // Like the watch cache: a last bookmark so the client resumes from the newest version.
            framing.write(out, "BOOKMARK", bookmark(t, Math.max(lastRv, store.resourceVersion())));
          }
          return;
        }
        Store.Change c = queue.poll(Math.min(left, BOOKMARK_EVERY_MS), TimeUnit.MILLISECONDS);
        if (c == CLOSE) {
          return;
        }
        if (c == null) {
          if (bookmarks && System.currentTimeMillis() < deadline) {
            framing.write(out, "BOOKMARK", bookmark(t, Math.max(lastRv, store.resourceVersion())));
          }
          continue;
        }
        lastRv = c.rv();
        boolean was = c.type().equals("ADDED") ? false : match.test(c.before());
        boolean is = match.test(c.after());
        String type;
        if (c.type().equals("DELETED")) {
          type = was ? "DELETED" : null;
        } else if (was && is) {
          type = "MODIFIED";
        } else if (is) {
          type = "ADDED";
        } else if (was) {
          type = "DELETED";
        } else {
          type = null;
        }
        if (type != null) {
          store.awaitDurable();
          framing.write(out, type, t, c);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      open.remove(queue);
      store.unsubscribe(listener);
    }
  }

  private static ObjectNode bookmark(ResourceType t, long rv) {
    ObjectNode b = Json.object();
    b.put("kind", t.kind());
    b.put("apiVersion", t.apiVersion());
    Json.meta(b).put("resourceVersion", Long.toString(rv));
    return b;
  }

  /** How events go on the wire: newline-delimited JSON, or length-prefixed protobuf frames. */
  private sealed interface Framing permits JsonFraming, ProtoFraming, TransformingFraming {
    String contentType();

    void write(OutputStream out, String type, JsonNode object) throws IOException;

    void write(OutputStream out, String type, ResourceType t, Store.Change c) throws IOException;
  }

  private static final class JsonFraming implements Framing {
    @Override
    public String contentType() {
      return "application/json";
    }

    @Override
    public void write(OutputStream out, String type, JsonNode object) throws IOException {
      ObjectNode e = Json.object();
      e.put("type", type);
      e.set("object", object);
      out.write(AsciiJson.of(Json.bytes(e)));
      out.write('\n');
      out.flush();
    }

    @Override
    public void write(OutputStream out, String type, ResourceType t, Store.Change c)
        throws IOException {
      ObjectNode after = c.after();
      if (!t.apiVersion().equals(after.path("apiVersion").asText())) {
        write(out, type, ApiCore.view(t, after));
        return;
      }
      // The object's JSON is written once per change and shared by every watcher.
      out.write(ApiCore.utf8("{\"type\":\"" + type + "\",\"object\":"));
      out.write(AsciiJson.of(c.afterJson()));
      out.write('}');
      out.write('\n');
      out.flush();
    }
  }

  private static final class ProtoFraming implements Framing {
    @Override
    public String contentType() {
      return ProtoWire.WATCH_MEDIA_TYPE;
    }

    @Override
    public void write(OutputStream out, String type, JsonNode object) throws IOException {
      out.write(ProtoWire.watchFrame(type, object));
      out.flush();
    }

    @Override
    public void write(OutputStream out, String type, ResourceType t, Store.Change c)
        throws IOException {
      write(out, type, ApiCore.view(t, c.after()));
    }
  }

  /**
   * JSON events whose objects are transformed first (server-side printing turns them to Tables).
   */
  private static final class TransformingFraming implements Framing {
    private final JsonFraming json = new JsonFraming();
    private final UnaryOperator<JsonNode> transform;

    TransformingFraming(UnaryOperator<JsonNode> transform) {
      this.transform = transform;
    }

    @Override
    public String contentType() {
      return json.contentType();
    }

    @Override
    public void write(OutputStream out, String type, JsonNode object) throws IOException {
      // error events carry a Status, which is never transformed
      json.write(out, type, type.equals("ERROR") ? object : transform.apply(object));
    }

    @Override
    public void write(OutputStream out, String type, ResourceType t, Store.Change c)
        throws IOException {
      write(out, type, ApiCore.view(t, c.after()));
    }
  }

  /** Ends every open watch, as a restarting server would. */
  public void closeAll() {
    for (LinkedBlockingQueue<Store.Change> q : open) {
      q.offer(CLOSE);
    }
  }

  Registry registry() {
    return registry;
  }
}
