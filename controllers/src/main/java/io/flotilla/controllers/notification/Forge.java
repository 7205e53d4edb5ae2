package io.flotilla.controllers.notification;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.controllers.runtime.FluxEvent;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Git server's commit-status API as Flux's providers use it: where statuses of a commit are
 * listed and created, how a status is written, its states for info and error events, and how the
 * latest status of the same context is found in a listing (to skip writing it again).
 */
sealed interface Forge {
  /** One status as Flux writes it: the commit, its id (context), state, description, name. */
  record Status(String sha, String id, String state, String description, String name) {}

  /** Where the commit's statuses (of this id) are read; null when the answer is a 404. */
  String listUrl(String sha, String id);

  String createUrl(String sha);

  /** The headers of every call: the server's credentials, and its media type where it asks. */
  Map<String, String> headers();

  /** The state an event's status gets, or null when this server gets none (progress). */
  String state(FluxEvent e);

  Object body(Status s);

  /** Whether the listing already shows this status, by the server's own rule. */
  boolean duplicate(JsonNode listed, Status s);

  /** The Forge of a Provider type and address ({@code https://<host>/<owner>/<repo>}). */
  static Forge of(ProviderConfig p) throws DeliveryException {
    String address = Notifiers.url(p, "repository");
    URI u = URI.create(address.replaceFirst("^ssh://git@", "https://"));
    String scheme = "ssh".equals(u.getScheme()) ? "https" : u.getScheme();
    String host = scheme + "://" + u.getRawAuthority();
    String id = u.getPath().replaceAll("^/+", "").replaceAll("\\.git$", "");
    String[] parts = id.split("/");
    String token = p.token() == null ? "" : p.token();
    return switch (p.type()) {
      case GITHUB -> {
        need(token, "github token cannot be empty");
        owned(parts, 2, id);
        String api = "github.com".equals(u.getHost()) ? "https://api.github.com" : host + "/api/v3";
        yield new GitHub(
            api + "/repos/" + id,
            Map.of("Authorization", "Bearer " + token, "Accept", "application/vnd.github+json"));
      }
      case GITLAB -> {
        need(token, "gitlab token cannot be empty");
        yield new GitLab(host + "/api/v4/projects/" + encode(id), Map.of("PRIVATE-TOKEN", token));
      }
      case GITEA -> {
        need(token, "gitea token cannot be empty");
        owned(parts, 2, id);
        yield new Gitea(host + "/api/v1/repos/" + id, Map.of("Authorization", "token " + token));
      }
      case BITBUCKET -> {
        need(token, "bitbucket token cannot be empty");
        owned(parts, 2, id);
        String[] up = token.split(":", 2);
        if (up.length != 2) {
          throw DeliveryException.permanent(
              "invalid token format, expected to be <user>:<password>");
        }
        String api = "bitbucket.org".equals(u.getHost()) ? "https://api.bitbucket.org" : host;
        yield new Bitbucket(
            api + "/2.0/repositories/" + id + "/commit/{sha}/statuses",
            Map.of("Authorization", basic(up[0], up[1])));
      }
      case BITBUCKETSERVER -> BitbucketServer.of(p, address, token);
      case AZUREDEVOPS -> {
        need(token, "azure devops token cannot be empty");
        if (parts.length != 4) {
          throw DeliveryException.permanent("invalid repository id \"" + id + "\"");
        }
        yield new AzureDevOps(
            host + "/" + parts[0] + "/" + parts[1] + "/_apis/git/repositories/" + parts[3],
            Map.of("Authorization", basic("", token), "Accept", AzureDevOps.ACCEPT));
      }
      default -> throw DeliveryException.permanent(p.type().value() + " is not a Git server");
    };
  }

  private static void need(String token, String message) throws DeliveryException {
    if (token.isEmpty()) {
      throw DeliveryException.permanent(message);
    }
  }

  private static void owned(String[] parts, int n, String id) throws DeliveryException {
    if (parts.length != n) {
      throw DeliveryException.permanent("invalid repository id \"" + id + "\"");
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  /**
   * A Bitbucket build status: {@code key} is the SHA-1 of the id (Bitbucket's 40-character limit);
   * the keys are written in {@code order}, Cloud's and Server's each as their Go clients write
   * them.
   */
  private static Map<String, Object> bitbucketStatus(
      Status s, String name, String url, String... order) {
    Map<String, Object> fields = new HashMap<>();
    fields.put("state", s.state());
    fields.put("key", sha1(s.id()));
    fields.put("name", name);
    fields.put("description", s.description());
    fields.put("url", url);
    Map<String, Object> m = new LinkedHashMap<>();
    for (String key : order) {
      m.put(key, fields.get(key));
    }
    return m;
  }

  /** Success for info, failure for error; progress is not reported. */
  private static String state(FluxEvent e, String success, String failure) {
    if (CommitStatus.progressing(e)) {
      return null;
    }
    return FluxEvent.ERROR.equals(e.severity()) ? failure : success;
  }

  /**
   * GitHub's and Azure DevOps' rule: the first listed status of the context decides (newest first);
   * it is a duplicate when its state and description are the same.
   */
  private static boolean firstOfContext(
      JsonNode listed, String contextField, String stateField, Status s) {
    for (JsonNode l : listed) {
      if (s.id().equals(l.at(contextField).asText(null))) {
        return s.state().equals(l.path(stateField).asText())
            && s.description().equals(l.path("description").asText());
      }
    }
    return false;
  }

  /** A server that creates a commit's statuses at {@code <repo>/statuses/<sha>}. */
  sealed interface RepoStatuses extends Forge {
    /** The repository's (or project's) API address. */
    String repo();

    default String createUrl(String sha) {
      return repo() + "/statuses/" + sha;
    }
  }

  /** GitHub: {@code success}/{@code failure}, context and description. */
  record GitHub(String repo, Map<String, String> headers) implements RepoStatuses {
    public String listUrl(String sha, String id) {
      return repo + "/commits/" + sha + "/statuses?per_page=50";
    }

    public String state(FluxEvent e) {
      return Forge.state(e, "success", "failure");
    }

    public Object body(Status s) {
      return map("state", s.state(), "description", s.description(), "context", s.id());
    }

    public boolean duplicate(JsonNode listed, Status s) {
      return firstOfContext(listed, "/context", "state", s);
    }
  }

  /**
   * GitLab: {@code success}/{@code failed}, the id as the status name; the listing is filtered by
   * that name and any status of the same commit, name, state and description is a duplicate.
   */
  record GitLab(String repo, Map<String, String> headers) implements RepoStatuses {
    public String listUrl(String sha, String id) {
      return repo + "/repository/commits/" + sha + "/statuses?name=" + encode(id);
    }

    public String state(FluxEvent e) {
      return Forge.state(e, "success", "failed");
    }

    public Object body(Status s) {
      return map("state", s.state(), "name", s.id(), "description", s.description());
    }

    public boolean duplicate(JsonNode listed, Status s) {
      for (JsonNode l : listed) {
        if (s.sha().equals(l.path("sha").asText())
            && s.state().equals(l.path("status").asText())
            && s.description().equals(l.path("description").asText())
            && s.id().equals(l.path("name").asText())) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * Gitea: {@code success}/{@code failure}, and {@code pending} for progress (Gitea is the one that
   * shows it); listed statuses name their state {@code status}, and incomplete ones are skipped.
   */
  record Gitea(String repo, Map<String, String> headers) implements RepoStatuses {
    public String listUrl(String sha, String id) {
      return repo + "/commits/" + sha + "/statuses?limit=50&page=1";
    }

    public String state(FluxEvent e) {
      String state = Forge.state(e, "success", "failure");
      return state == null ? "pending" : state;
    }

    public Object body(Status s) {
      return map(
          "state", s.state(), "target_url", "", "description", s.description(), "context", s.id());
    }

    public boolean duplicate(JsonNode listed, Status s) {
      for (JsonNode l : listed) {
        String context = l.path("context").asText("");
        String state = l.path("status").asText("");
        String description = l.path("description").asText("");
        if (context.isEmpty() || state.isEmpty() || description.isEmpty()) {
          continue;
        }
        if (context.equals(s.id())) {
          return state.equals(s.state()) && description.equals(s.description());
        }
      }
      return false;
    }
  }

  /**
   * Bitbucket Cloud: a build status keyed by the SHA-1 of the id (Bitbucket's 40-character limit),
   * named {@code kind/name}, linking bitbucket.org; the status of that key is read first (a 404 is
   * none yet) and is a duplicate when its state and description are the same.
   */
  record Bitbucket(String statuses, Map<String, String> headers) implements Forge {
    public String listUrl(String sha, String id) {
      return createUrl(sha) + "/" + sha1(id);
    }

    public String createUrl(String sha) {
      return statuses.replace("{sha}", sha) + "/build";
    }

    public String state(FluxEvent e) {
      return Forge.state(e, "SUCCESSFUL", "FAILED");
    }

    public Object body(Status s) {
      return bitbucketStatus(
          s, s.name(), "https://bitbucket.org", "state", "key", "name", "description", "url");
    }

    public boolean duplicate(JsonNode listed, Status s) {
      return s.state().equals(listed.path("state").asText())
          && s.description().equals(listed.path("description").asText());
    }
  }

  /**
   * Bitbucket Server and Data Center: the build status of key SHA-1(id) is read by key (a 404 is
   * none yet) and written under {@code <context path>/rest/api/latest/projects/<key>/repos/<slug>/
   * commits/<sha>/builds}; the name shows the description too, as the server displays names.
   */
  record BitbucketServer(String commits, Map<String, String> headers, String address)
      implements Forge {
    static BitbucketServer of(ProviderConfig p, String address, String token)
        throws DeliveryException {
      URI u = URI.create(address);
      if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
        throw DeliveryException.permanent(
            "could not parse git address: unsupported scheme type in address: "
                + u.getScheme()
                + ". Must be http or https");
      }
      String path = u.getRawPath().replaceAll("\\.git$", "");
      int scm = path.lastIndexOf("/scm/");
      if (scm < 0) {
        throw DeliveryException.permanent(
            "could not parse git address: supplied provider address is not http(s) git clone url");
      }
      String[] id = path.substring(scm + "/scm/".length()).split("/");
      if (id.length != 2) {
        throw DeliveryException.permanent(
            "could not parse git address: invalid repository id \""
                + path.substring(scm + "/scm/".length())
                + "\"");
      }
      String auth;
      if (!token.isEmpty()) {
        auth = "Bearer " + token;
      } else if (p.username() != null
          && !p.username().isEmpty()
          && p.password() != null
          && !p.password().isEmpty()) {
        auth = basic(p.username(), p.password());
      } else {
        throw DeliveryException.permanent(
            "invalid credentials, expected to be one of username/password or API Token");
      }
      String commits =
          u.getScheme()
              + "://"
              + u.getRawAuthority()
              + path.substring(0, scm)
              + "/rest/api/latest/projects/"
              + id[0]
              + "/repos/"
              + id[1]
              + "/commits";
      return new BitbucketServer(
          commits,
          Map.of(
              "Authorization",
              auth,
              "X-Atlassian-Token",
              "no-check",
              "X-Requested-With",
              "XMLHttpRequest"),
          address);
    }

    public String listUrl(String sha, String id) {
      return createUrl(sha) + "?key=" + sha1(id);
    }

    public String createUrl(String sha) {
      return commits + "/" + sha + "/builds";
    }

    public String state(FluxEvent e) {
      return Forge.state(e, "SUCCESSFUL", "FAILED");
    }

    private static String name(Status s) {
      return s.name() + " [" + s.description() + "]";
    }

    public Object body(Status s) {
      return bitbucketStatus(s, name(s), address, "description", "key", "name", "state", "url");
    }

    public boolean duplicate(JsonNode listed, Status s) {
      return sha1(s.id()).equals(listed.path("key").asText())
          && s.state().equals(listed.path("state").asText())
          && s.description().equals(listed.path("description").asText())
          && name(s).equals(listed.path("name").asText());
    }
  }

  /**
   * Azure DevOps: {@code succeeded}/{@code error}, context {@code {genre: fluxcd, name: id}}; the
   * API version travels in {@code Accept}, as the Azure DevOps Go client sends it.
   */
  record AzureDevOps(String repo, Map<String, String> headers) implements Forge {
    static final String ACCEPT = "application/json;api-version=6.0-preview.1";

    public String listUrl(String sha, String id) {
      return createUrl(sha);
    }

    public String createUrl(String sha) {
      return repo + "/commits/" + sha + "/statuses";
    }

    public String state(FluxEvent e) {
      return Forge.state(e, "succeeded", "error");
    }

    public Object body(Status s) {
      return map(
          "context",
          map("genre", "fluxcd", "name", s.id()),
          "description",
          s.description(),
          "state",
          s.state());
    }

    public boolean duplicate(JsonNode listed, Status s) {
      for (JsonNode l : listed.path("value")) {
        if (s.id().equals(l.at("/context/name").asText(null))
            && "fluxcd".equals(l.at("/context/genre").asText(null))) {
          return s.state().equals(l.path("state").asText())
              && s.description().equals(l.path("description").asText());
        }
      }
      return false;
    }
  }

  static String sha1(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-1")
                  .digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
