package io.flotilla.server.http;

import io.flotilla.api.arm.ErrorResponse;
import java.util.List;

/** An error answered with ARM's error body {@code {"error":{"code","message","target"}}}. */
public final class ArmException extends RuntimeException {
  private final int status;
  private final String code;
  private final String target;
  private final List<ErrorResponse.ErrorDetail> details;

  public ArmException(int status, String code, String message, String target) {
    this(status, code, message, target, null);
  }

  private ArmException(
      int status,
      String code,
      String message,
      String target,
      List<ErrorResponse.ErrorDetail> details) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.target = target;
    this.details = details;
  }

  /** The same error with ARM's {@code details}: one entry per problem when there are several. */
  public ArmException withDetails(List<ErrorResponse.ErrorDetail> details) {
    return new ArmException(status, code, getMessage(), target, List.copyOf(details));
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
    return new ErrorResponse(
        new ErrorResponse.ErrorDetail(code, getMessage(), target, details, null));
  }
}
