package io.flotilla.kube.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on the API errors the server's parts raise, for unit tests without HTTP. */
public final class ApiExceptions {
  private ApiExceptions() {}

  /** Asserts that {@code call} raises an {@link ApiException} with this HTTP code and message. */
  public static ApiException assertApiError(ThrowingCallable call, int code, String message) {
    ApiException e = catchThrowableOfType(ApiException.class, call);
    assertThat(e).as("expected an ApiException").isNotNull();
    assertThat(e.code).isEqualTo(code);
    assertThat(e.getMessage()).isEqualTo(message);
    return e;
  }
}
