package io.flotilla.cli.flux;

import java.net.URI;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --url} of {@code create source git} and {@code create secret git}: a git address. */
final class GitUrl {
  private static final List<String> SCHEMES = List.of("ssh", "http", "https");

  @Option(names = "--url", description = "git address, e.g. ssh://git@host/org/repository")
  String url;

  /**
   * The url's scheme, once the url is given and flux takes its scheme; {@code git} starts flux's
   * message, which says "git" for a source and "Git" for a secret.
   */
  String checkedScheme(String git) {
    Specs.require(url, "url is required");
    String scheme = scheme(url);
    if (!SCHEMES.contains(scheme)) {
      throw new FluxException(
          git + " URL scheme '" + scheme + "' not supported, can be: ssh, http and https");
    }
    return scheme;
  }

  /** A URL's scheme, empty without one; flux's words when it does not parse. */
  static String scheme(String url) {
    try {
      String s = URI.create(url).getScheme();
      return s == null ? "" : s;
    } catch (IllegalArgumentException e) {
      throw new FluxException("git URL parse failed: parse \"" + url + "\": " + e.getMessage());
    }
  }
}
