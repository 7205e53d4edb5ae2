package io.flotilla.kube.proto;

/** A JSON path, put together only when an error names it. */
record JsonPath(JsonPath parent, String key) {
  static String render(JsonPath p) {
    return p == null ? "" : p.toString();
  }

  static String or(JsonPath p) {
    return p == null ? "the object" : p.toString();
  }

  @Override
  public String toString() {
    return parent == null ? key : parent + "." + key;
  }
}
