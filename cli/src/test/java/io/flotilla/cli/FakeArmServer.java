package io.flotilla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small ARM-shaped service on 127.0.0.1 for the CLI's integration tests: clusters, extensions and
 * flux configurations in memory, long-running operations through {@code Azure-AsyncOperation}, and
 * a log of every request.
 */
final class FakeArmServer implements AutoCloseable {
  static final String TOKEN = "test-token";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CLUSTER =
      Pattern.compile(
          "(/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/([^/]+)/([^/]+)/([^/]+))(.*)");

  record Request(String method, String path, String query, String authorization, JsonNode body) {}

  final List<Request> requests = new CopyOnWriteArrayList<>();
  final Set<String> clusters = ConcurrentHashMap.newKeySet();
  final Map<String, ObjectNode> resources = new ConcurrentHashMap<>();
  private final Map<String, Runnable> pendingOperations = new ConcurrentHashMap<>();
  private final AtomicInteger operationIds = new AtomicInteger();
  volatile boolean patchSupported = true;
  private final HttpServer server;

  FakeArmServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Registers a cluster id like {@code /subscriptions/s/resourceGroups/rg/providers/…/name}. */
  void addCluster(String clusterId) {
    clusters.add(clusterId.toLowerCase());
  }

  /** A CLI whose config file under {@code home} points at this server as {@code subscription}. */
  CliRunner cli(java.nio.file.Path home, String subscription) throws IOException {
    new CliConfig(url(), TOKEN, subscription).save(home.resolve(".flotilla").resolve("config"));
    return new CliRunner(home);
  }

  List<Request> requests(String method) {
    return requests.stream().filter(r -> r.method().equals(method)).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      String query = ex.getRequestURI().getRawQuery();
      byte[] raw = ex.getRequestBody().readAllBytes();
      JsonNode body = raw.length == 0 ? null : JSON.readTree(raw);
      String method = ex.getRequestMethod();
      requests.add(
          new Request(method, path, query, ex.getRequestHeaders().getFirst("Authorization"), body));
      if (!("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
        send(ex, 401, error("AuthenticationFailed", "Authentication failed."));
        return;
      }
      if (query == null || !query.contains("api-version=")) {
        send(
            ex,
            400,
            error(
                "MissingApiVersionParameter",
                "The api-version query parameter"
                    + " (?api-version=) is required for all requests."));
        return;
      }
      Matcher m = CLUSTER.matcher(path);
      if (!m.matches()) {
        send(ex, 404, null);
        return;
      }
      String clusterId = m.group(1);
      String rest = m.group(7);
      if (!clusters.contains(clusterId.toLowerCase())) {
        send(
            ex,
            404,
            error(
                "ResourceNotFound",
                "The Resource '"
                    + m.group(4)
                    + "/"
                    + m.group(5)
                    + "/"
                    + m.group(6)
                    + "' under resource group '"
                    + m.group(3)
                    + "' was not found."));
        return;
      }
      if (rest.isEmpty()) {
        ObjectNode cluster = JSON.createObjectNode();
        cluster.put("id", clusterId).put("name", m.group(6)).put("location", "WestEurope");
        send(ex, 200, cluster);
        return;
      }
      String prefix = "/providers/Microsoft.KubernetesConfiguration/";
      if (!rest.startsWith(prefix)) {
        send(ex, 404, null);
        return;
      }
      String[] parts = rest.substring(prefix.length()).split("/");
      String collection = parts[0];
      String name = parts.length > 1 ? parts[1] : null;
      if (parts.length == 4 && parts[2].equals("operations")) {
        operation(ex, parts[3]);
        return;
      }
      String collectionId = clusterId + prefix + collection;
      if (name == null) {
        list(ex, collectionId);
        return;
      }
      String id = collectionId + "/" + name;
      switch (method) {
        case "GET" -> {
          ObjectNode resource = resources.get(id);
          if (resource == null) {
            send(
                ex,
                404,
                collection.equals("extensions")
                    ? error("ExtensionNotFound", "The extension '" + name + "' was not found.")
                    : error(
                        "FluxConfigurationNotFound",
                        "Flux configuration '" + name + "' was not found."));
          } else {
            send(ex, 200, resource);
          }
        }
        case "PUT" -> put(ex, id, name, collection, body);
        case "PATCH" -> {
          if (!patchSupported) {
            send(ex, 405, null);
            return;
          }
          send(ex, 501, error("NotImplemented", "PATCH is not implemented by the fake"));
        }
        case "DELETE" -> {
          if (!resources.containsKey(id)) {
            send(ex, 204, null);
            return;
          }
          ((ObjectNode) resources.get(id).get("properties")).put("provisioningState", "Deleting");
          accepted(ex, 202, id, null, () -> resources.remove(id));
        }
        default -> send(ex, 405, null);
      }
    }
  }

  private void put(HttpExchange ex, String id, String name, String collection, JsonNode body)
      throws IOException {
    boolean exists = resources.containsKey(id);
    ObjectNode resource = JSON.createObjectNode();
    resource
        .put("id", id)
        .put("name", name)
        .put("type", "Microsoft.KubernetesConfiguration/" + collection);
    ObjectNode props = ((ObjectNode) body.path("properties")).deepCopy();
    props.remove("configurationProtectedSettings");
    props.put("provisioningState", exists ? "Updating" : "Creating");
    if (collection.equals("fluxConfigurations")) {
      props.put("complianceState", "Pending");
      props.put("statusUpdatedAt", "2025-05-01T10:00:00+00:00");
    }
    resource.set("properties", props);
    resources.put(id, resource);
    accepted(
        ex, exists ? 200 : 201, id, resource, () -> props.put("provisioningState", "Succeeded"));
  }

  private void accepted(HttpExchange ex, int status, String id, JsonNode body, Runnable onDone)
      throws IOException {
    String op = "op-" + operationIds.incrementAndGet();
    pendingOperations.put(op, onDone);
    ex.getResponseHeaders()
        .add("Azure-AsyncOperation", url() + id + "/operations/" + op + "?api-version=2025-04-01");
    ex.getResponseHeaders().add("Retry-After", "0");
    send(ex, status, body);
  }

  /** First poll answers InProgress, the second finishes the operation. */
  private final Map<String, Integer> polls = new ConcurrentHashMap<>();

  private void operation(HttpExchange ex, String op) throws IOException {
    ObjectNode status = JSON.createObjectNode();
    status.put("name", op);
    int n = polls.merge(op, 1, Integer::sum);
    if (n < 2) {
      status.put("status", "InProgress");
    } else {
      Runnable done = pendingOperations.remove(op);
      if (done != null) done.run();
      status.put("status", "Succeeded");
    }
    ex.getResponseHeaders().add("Retry-After", "0");
    send(ex, 200, status);
  }

  private void list(HttpExchange ex, String collectionId) throws IOException {
    ObjectNode page = JSON.createObjectNode();
    ArrayNode value = page.putArray("value");
    List<String> ids = new ArrayList<>(resources.keySet());
    ids.sort(String::compareTo);
    for (String id : ids) {
      if (id.startsWith(collectionId + "/")) value.add(resources.get(id));
    }
    page.putNull("nextLink");
    send(ex, 200, page);
  }

  private static ObjectNode error(String code, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("error").put("code", code).put("message", message);
    return body;
  }

  private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
    if (body == null) {
      ex.sendResponseHeaders(status, -1);
      return;
    }
    byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }
}
