package io.flotilla.api.arm;

import java.util.regex.Pattern;

/**
 * az's rule for a flux configuration's source url (k8s-configuration's validators): the beginnings
 * each source kind accepts. The CLI checks the beginning, as az does; the service also wants
 * something after it on the same line. Each caller words its own message.
 */
public enum SourceUrl {
  /**
   * {@code gitRepository.url}: {@code http://}, {@code https://}, {@code ssh://} or {@code git@}.
   */
  GIT("^(((http|https|ssh)://)|(git@))"),
  /** {@code bucket.url} and {@code azureBlob.url}: {@code http://} or {@code https://}. */
  HTTP("^(((http|https)://))"),
  /** {@code ociRepository.url}: {@code oci://}. */
  OCI("^oci://");

  private final Pattern beginning;
  private final Pattern whole;

  SourceUrl(String beginning) {
    this.beginning = Pattern.compile(beginning);
    this.whole = Pattern.compile(beginning + ".+");
  }

  /** az's check: the url begins with one of this kind's beginnings. */
  public boolean begins(String url) {
    return beginning.matcher(url).find();
  }

  /** The service's check: one of the beginnings and at least one more character, one line. */
  public boolean beginsWithMore(String url) {
    return whole.matcher(url).matches();
  }

  /** Whether a git url is http(s): ssh keys and known hosts do not go with it, https auth does. */
  public static boolean isHttp(String url) {
    return url.startsWith("http://") || url.startsWith("https://");
  }
}
