package io.flotilla.testkit.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** What GitHub sends a webhook on a push to main: the event header and the body signed. */
public final class GitHubPush {
  private GitHubPush() {}

  /** POSTs the push of {@code commit} to {@code url}, signed with {@code token}; the status. */
  public static int send(String url, String token, String commit)
      throws IOException, InterruptedException {
    byte[] body =
        ("{\"ref\":\"refs/heads/main\",\"after\":\"" + commit + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    String signature;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .header("X-GitHub-Event", "push")
            .header("X-Hub-Signature-256", signature)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
  }
}
