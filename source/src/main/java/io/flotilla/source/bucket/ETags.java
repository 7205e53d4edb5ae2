package io.flotilla.source.bucket;

/** The ETags the storage services answer, as source-controller indexes them. */
final class ETags {
  private ETags() {}

  /** {@code etag} without its surrounding double quotes; "" for none. */
  static String unquoted(String etag) {
    if (etag == null) {
      return "";
    }
    return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
        ? etag.substring(1, etag.length() - 1)
        : etag;
  }
}
