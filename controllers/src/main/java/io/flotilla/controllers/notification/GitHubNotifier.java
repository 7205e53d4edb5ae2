package io.flotilla.controllers.notification;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.controllers.runtime.FluxEvent;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code github}: a commit status on the revision of the event ({@code success} for info, {@code
 * failure} for errors), context {@code kind/name/<provider uid>}, the reason as description. The
 * statuses of the commit are read first and a status equal to the latest of its context is not
 * written again. Addresses on github.com use {@code api.github.com}; others are GitHub Enterprise
 * ({@code <host>/api/v3}).
 */
final class GitHubNotifier implements Notifier {
  private final ProviderConfig p;
  private final String api;
  private final String repo;

  private GitHubNotifier(ProviderConfig p, String api, String repo) {
    this.p = p;
    this.api = api;
    this.repo = repo;
  }

  static GitHubNotifier create(ProviderConfig p) throws DeliveryException {
    if (p.token() == null || p.token().isEmpty()) {
      throw DeliveryException.permanent("github token cannot be empty");
    }
    String address = Notifiers.url(p, "GitHub repository");
    URI u = URI.create(address.replaceFirst("^ssh://git@", "https://"));
    String path = u.getPath().replaceAll("^/+", "").replaceAll("\\.git$", "");
    if (path.split("/").length != 2) {
      throw DeliveryException.permanent(
          "invalid repository id " + path + ": the address must be https://<host>/<owner>/<repo>");
    }
    String scheme = "ssh".equals(u.getScheme()) ? "https" : u.getScheme();
    String api =
        "github.com".equals(u.getHost())
            ? "https://api.github.com"
            : scheme + "://" + u.getRawAuthority() + "/api/v3";
    return new GitHubNotifier(p, api, path);
  }

  @Override
  public void post(FluxEvent e) throws DeliveryException {
    if (CommitStatus.progressing(e)) {
      return;
    }
    String sha = CommitStatus.commit(e);
    String state = FluxEvent.ERROR.equals(e.severity()) ? "failure" : "success";
    String context = CommitStatus.id(p.uid(), e);
    String description = CommitStatus.description(e);
    Map<String, String> headers =
        Map.of("Authorization", "Bearer " + p.token(), "Accept", "application/vnd.github+json");
    String listed =
        Http.send(
            p,
            "GET",
            api + "/repos/" + repo + "/commits/" + sha + "/statuses?per_page=50",
            null,
            null,
            headers);
    if (duplicate(listed, state, context, description)) {
      return;
    }
    Map<String, String> status = new LinkedHashMap<>();
    status.put("state", state);
    status.put("description", description);
    status.put("context", context);
    Http.postJson(p, api + "/repos/" + repo + "/statuses/" + sha, status, headers);
  }

  /** The latest status of this context (GitHub lists newest first) already says so. */
  private static boolean duplicate(String listed, String state, String context, String desc) {
    try {
      for (JsonNode s : Http.JSON.readTree(listed)) {
        if (context.equals(s.path("context").asText(null))) {
          return state.equals(s.path("state").asText())
              && desc.equals(s.path("description").asText());
        }
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
      return false;
    }
    return false;
  }
}
