package io.flotilla.server.http;

import io.flotilla.api.arm.ErrorResponse;

/** An error answered with ARM's error body {@code {"error":{"code","message","target"}}}. */
public final class ArmException extends RuntimeException {
  private final int status;
  private final String code;
  private final String target;

  public ArmException(int status, String code, String message, String target) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.target = target;
  }

  public ArmException(int status, String code, String message) {
    this(status, code, message, null);
  }

  public static ArmException badRequest(String code, String message, String target) {
    return new ArmException(400, code, message, target);
  }

  /** A property of the request body is invalid; {@code target} is its JSON path. */
  public static ArmException invalidProperty(String target, String message) {
    return new ArmException(400, "InvalidRequestParameter", message, target);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String target() {
    return target;
  }

  public ErrorResponse body() {
    return new ErrorResponse(new ErrorResponse.ErrorDetail(code, getMessage(), target, null, null));
  }
}
