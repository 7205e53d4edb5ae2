package io.flotilla.api.arm;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The ARM error body: {@code {"error":{"code":…,"message":…}}}. */
public record ErrorResponse(ErrorDetail error) {
  public static ErrorResponse of(String code, String message) {
    return new ErrorResponse(new ErrorDetail(code, message, null, null, null));
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ErrorDetail(
      String code,
      String message,
      String target,
      List<ErrorDetail> details,
      List<AdditionalInfo> additionalInfo) {}

  public record AdditionalInfo(String type, Object info) {}
}
