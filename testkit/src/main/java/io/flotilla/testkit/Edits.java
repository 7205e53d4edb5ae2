package io.flotilla.testkit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.function.UnaryOperator;

/**
 * A user's spec edit as {@code kubectl edit} makes it: read, change, write with the read
 * resourceVersion — and read again when a controller's status write got in between (409), as a user
 * re-opens the editor. A test that edits once races the controllers it is testing.
 */
public final class Edits {
  private static final int ATTEMPTS = 10;

  private Edits() {}

  /** Applies {@code change} to the live object, retrying on a resourceVersion conflict. */
  public static <T extends HasMetadata> T edit(Resource<T> resource, UnaryOperator<T> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        return resource.edit(change);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }
}
