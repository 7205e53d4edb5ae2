package io.flotilla.api.flux.image;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An image reference: {@code name:tag[@digest]}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageRef(String name, String tag, String digest) {
  @Override
  public String toString() {
    return name + ":" + tag + (digest == null || digest.isEmpty() ? "" : "@" + digest);
  }
}
