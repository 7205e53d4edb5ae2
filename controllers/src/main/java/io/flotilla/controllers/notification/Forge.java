package io.flotilla.controllers.notification;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Git server's commit-status API as Flux's providers use it: where statuses of a commit are
 * listed and created, how a status is written, its states for info and error events, and how the
 * latest status of the same context is found in a listing (to skip writing it again).
 */
sealed interface Forge {
  String listUrl(String sha);

  String createUrl(String sha);

  Map<String, String> headers();

  String state(boolean error);

  Object body(String state, String id, String description);

  /** The listed status of this context: its state and description, or null. */
  String[] latest(JsonNode listed, String id);

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
        yield new GitHub(api + "/repos/" + id, token);
      }
      case GITLAB -> {
        need(token, "GitLab token cannot be empty");
        yield new GitLab(
            host + "/api/v4/projects/" + URLEncoder.encode(id, StandardCharsets.UTF_8), token);
      }
      case GITEA -> {
        need(token, "gitea token cannot be empty");
        owned(parts, 2, id);
        yield new Gitea(host + "/api/v1/repos/" + id, token);
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
        String repo = api + "/2.0/repositories/" + id + "/commit/{sha}/statuses";
        yield new Bitbucket(
            repo,
            repo + "/build",
            Map.of("Authorization", basic(up[0], up[1])),
            "https://bitbucket.org");
      }
      case BITBUCKETSERVER -> {
        // https://<host>/scm/<project>/<repo>.git or https://<host>/projects/<p>/repos/<r>
        String[] scm = id.replaceFirst("^scm/", "").replaceFirst("^projects/", "").split("/");
        String project = scm[0];
        String repo = scm.length == 2 ? scm[1] : scm.length == 3 ? scm[2] : null;
        if (repo == null) {
          throw DeliveryException.permanent(
              "invalid repository id "
                  + id
                  + ": the address must be"
                  + " https://<host>/scm/<project>/<repo>.git");
        }
        String auth =
            !token.isEmpty()
                ? "Bearer " + token
                : p.username() != null && p.password() != null
                    ? basic(p.username(), p.password())
                    : null;
        if (auth == null) {
          throw DeliveryException.permanent(
              "invalid credentials, expected to be one of username/password or API Token");
        }
        String builds =
            host
                + "/rest/api/latest/projects/"
                + project
                + "/repos/"
                + repo
                + "/commits/{sha}/builds";
        yield new Bitbucket(
            builds,
            builds,
            Map.of("Authorization", auth, "X-Atlassian-Token", "no-check"),
            address);
      }
      case AZUREDEVOPS -> {
        need(token, "azure devops token cannot be empty");
        if (parts.length != 4 || !parts[2].equals("_git")) {
          throw DeliveryException.permanent(
              "invalid repository id "
                  + id
                  + ": the address must be"
                  + " https://dev.azure.com/<org>/<project>/_git/<repo>");
        }
        yield new AzureDevOps(
            host + "/" + parts[0] + "/" + parts[1] + "/_apis/git/repositories/" + parts[3],
            basic("", token));
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
      throw DeliveryException.permanent(
          "invalid repository id " + id + ": the address must be https://<host>/<owner>/<repo>");
    }
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

  /** The first listed status whose {@code contextField} is {@code id} (newest first). */
  private static String[] first(JsonNode listed, String contextField, String id) {
    for (JsonNode s : listed) {
      if (id.equals(s.at(contextField).asText(null))) {
        return new String[] {s.path("state").asText(), s.path("description").asText()};
      }
    }
    return null;
  }

  /** GitHub: {@code success}/{@code failure}, context and description. */
  record GitHub(String repo, String token) implements Forge {
    public String listUrl(String sha) {
      return repo + "/commits/" + sha + "/statuses?per_page=50";
    }

    public String createUrl(String sha) {
      return repo + "/statuses/" + sha;
    }

    public Map<String, String> headers() {
      return Map.of("Authorization", "Bearer " + token, "Accept", "application/vnd.github+json");
    }

    public String state(boolean error) {
      return error ? "failure" : "success";
    }

    public Object body(String state, String id, String description) {
      return map("state", state, "description", description, "context", id);
    }

    public String[] latest(JsonNode listed, String id) {
      return first(listed, "/context", id);
    }
  }

  /** GitLab: {@code success}/{@code failed}, the id as the status name. */
  record GitLab(String project, String token) implements Forge {
    public String listUrl(String sha) {
      return project + "/repository/commits/" + sha + "/statuses";
    }

    public String createUrl(String sha) {
      return project + "/statuses/" + sha;
    }

    public Map<String, String> headers() {
      return Map.of("PRIVATE-TOKEN", token);
    }

    public String state(boolean error) {
      return error ? "failed" : "success";
    }

    public Object body(String state, String id, String description) {
      return map("state", state, "name", id, "description", description);
    }

    public String[] latest(JsonNode listed, String id) {
      for (JsonNode s : listed) {
        if (id.equals(s.path("name").asText(null))) {
          return new String[] {s.path("status").asText(), s.path("description").asText()};
        }
      }
      return null;
    }
  }

  /** Gitea: as GitHub, with its own token header. */
  record Gitea(String repo, String token) implements Forge {
    public String listUrl(String sha) {
      return repo + "/commits/" + sha + "/statuses";
    }

    public String createUrl(String sha) {
      return repo + "/statuses/" + sha;
    }

    public Map<String, String> headers() {
      return Map.of("Authorization", "token " + token);
    }

    public String state(boolean error) {
      return error ? "failure" : "success";
    }

    public Object body(String state, String id, String description) {
      return map("state", state, "target_url", "", "description", description, "context", id);
    }

    public String[] latest(JsonNode listed, String id) {
      for (JsonNode s : listed) {
        if (id.equals(s.path("context").asText(null))) {
          return new String[] {s.path("status").asText(), s.path("description").asText()};
        }
      }
      return null;
    }
  }

  /**
   * Bitbucket Cloud and Server: a build status keyed by the SHA-1 of the id (Bitbucket's
   * 40-character limit), linking {@code link}; {@code {sha}} in the URLs is the commit.
   */
  record Bitbucket(String list, String create, Map<String, String> headers, String link)
      implements Forge {
    public String listUrl(String sha) {
      return list.replace("{sha}", sha);
    }

    public String createUrl(String sha) {
      return create.replace("{sha}", sha);
    }

    public String state(boolean error) {
      return error ? "FAILED" : "SUCCESSFUL";
    }

    public Object body(String state, String id, String description) {
      return map(
          "state", state, "key", sha1(id), "name", id, "description", description, "url", link);
    }

    public String[] latest(JsonNode listed, String id) {
      return first(listed.path("values"), "/key", sha1(id));
    }
  }

  /** Azure DevOps: {@code succeeded}/{@code error}, context genre {@code fluxcd}. */
  record AzureDevOps(String repo, String auth) implements Forge {
    public String listUrl(String sha) {
      return repo + "/commits/" + sha + "/statuses?api-version=6.0";
    }

    public String createUrl(String sha) {
      return repo + "/commits/" + sha + "/statuses?api-version=6.0";
    }

    public Map<String, String> headers() {
      return Map.of("Authorization", auth);
    }

    public String state(boolean error) {
      return error ? "error" : "succeeded";
    }

    public Object body(String state, String id, String description) {
      return map(
          "state",
          state,
          "description",
          description,
          "context",
          map("name", id, "genre", "fluxcd"));
    }

    public String[] latest(JsonNode listed, String id) {
      for (JsonNode s : listed.path("value")) {
        if (id.equals(s.at("/context/name").asText(null))
            && "fluxcd".equals(s.at("/context/genre").asText(null))) {
          return new String[] {s.path("state").asText(), s.path("description").asText()};
        }
      }
      return null;
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
