package io.flotilla.source.git;

import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.source.Redaction;
import io.flotilla.source.SourceException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a repository URL before any network or disk access. */
final class GitUrls {
  private static final Set<String> SCHEMES = Set.of("http", "https", "ssh", "git", "file");
  // scp-like "user@host:path" or "host:path" (no scheme, a colon before any slash)
  private static final Pattern SCP_LIKE = Pattern.compile("^(?:([^@/\\s]+)@)?([^:/\\s]+):(.+)$");

  private GitUrls() {}

  static URI validate(String url) throws SourceException {
    if (url == null || url.isBlank()) {
      throw SourceException.terminal(Reasons.URL_INVALID, "url is required: set spec.url");
    }
    String shown = Redaction.url(url);
    if (!url.contains("://")) {
      var scp = SCP_LIKE.matcher(url);
      if (scp.matches()) {
        String user = scp.group(1) == null ? "git" : scp.group(1);
        String path = scp.group(3).startsWith("/") ? scp.group(3) : "/" + scp.group(3);
        throw SourceException.terminal(
            Reasons.URL_INVALID,
            "URL '%s' uses the scp-like syntax, which is not supported: write it as 'ssh://%s@%s%s'"
                .formatted(shown, user, scp.group(2), path));
      }
      throw SourceException.terminal(
          Reasons.URL_INVALID,
          "URL '%s' has no scheme: use one of http://, https://, ssh://, git:// or file://"
              .formatted(shown));
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw SourceException.terminal(
          Reasons.URL_INVALID, "URL '%s' is not a valid URL: %s".formatted(shown, e.getReason()));
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!SCHEMES.contains(scheme)) {
      throw SourceException.terminal(
          Reasons.URL_INVALID,
          "URL '%s' has unsupported scheme '%s': use one of http://, https://, ssh://, git:// or file://"
              .formatted(shown, scheme));
    }
    if (!scheme.equals("file") && (uri.getHost() == null || uri.getHost().isEmpty())) {
      throw SourceException.terminal(Reasons.URL_INVALID, "URL '%s' has no host".formatted(shown));
    }
    return uri;
  }

  /**
   * An ssh URL without a user gets Flux's default {@code git} (JGit would use the local login
   * name); other URLs are returned unchanged.
   */
  static String withSshUser(String url) {
    if (url.regionMatches(true, 0, "ssh://", 0, 6)) {
      String rest = url.substring(6);
      int slash = rest.indexOf('/');
      String authority = slash < 0 ? rest : rest.substring(0, slash);
      if (!authority.contains("@")) {
        return url.substring(0, 6) + "git@" + rest;
      }
    }
    return url;
  }
}
