package io.flotilla.source.helm;

import java.io.IOException;

/** The bytes are not a Helm repository index (not YAML/JSON, or not shaped like one). */
public final class IndexFormatException extends IOException {
  IndexFormatException(String message) {
    super(message);
  }

  IndexFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
