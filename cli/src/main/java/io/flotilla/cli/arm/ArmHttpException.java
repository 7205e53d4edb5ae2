package io.flotilla.cli.arm;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.cli.CliException;
import java.util.List;

/**
 * A service error, printed the way az prints azure-core's {@code HttpResponseError}: {@code (Code)
 * Message} then {@code Code: …} and {@code Message: …} lines. A 404 exits with 3, others with 1.
 */
public final class ArmHttpException extends CliException {
  private final int status;
  private final String code;
  private final String serviceMessage;

  private ArmHttpException(
      int status, String code, String serviceMessage, String formatted, List<String> recs) {
    super(formatted, recs, status == 404 ? NOT_FOUND : ERROR);
    this.status = status;
    this.code = code;
    this.serviceMessage = serviceMessage;
  }

  static ArmHttpException of(int status, JsonNode body) {
    JsonNode error = body == null ? null : body.get("error");
    if (error != null && error.isObject() && error.hasNonNull("code")) {
      String code = error.get("code").asText();
      String message = error.path("message").asText("");
      return new ArmHttpException(
          status, code, message, "(" + code + ") " + message + "\n" + details(error), List.of());
    }
    String formatted = "Operation returned an invalid status '" + reason(status) + "'";
    return new ArmHttpException(status, null, null, formatted, List.of());
  }

  /** The same error with az's recommendation lines. */
  public ArmHttpException withRecommendation(String message, String recommendation) {
    return new ArmHttpException(
        status,
        code,
        serviceMessage,
        message,
        recommendation == null || recommendation.isEmpty() ? List.of() : List.of(recommendation));
  }

  public int status() {
    return status;
  }

  /** The ARM error code, or null when the body carried none. */
  public String code() {
    return code;
  }

  /** azure-core's {@code ODataV4Format.message_details()}. */
  private static String details(JsonNode error) {
    StringBuilder out = new StringBuilder();
    out.append("Code: ").append(error.path("code").asText(""));
    out.append("\nMessage: ").append(error.path("message").asText(""));
    if (error.hasNonNull("target")) {
      out.append("\nTarget: ").append(error.get("target").asText());
    }
    JsonNode detailList = error.get("details");
    if (detailList != null && detailList.isArray() && !detailList.isEmpty()) {
      out.append("\nException Details:");
      for (JsonNode d : detailList) {
        String nested =
            "("
                + d.path("code").asText("")
                + ") "
                + d.path("message").asText("")
                + "\n"
                + details(d);
        for (String line : nested.split("\n")) {
          out.append("\n\t").append(line);
        }
      }
    }
    return out.toString();
  }

  static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 412 -> "Precondition Failed";
      case 413 -> "Payload Too Large";
      case 415 -> "Unsupported Media Type";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> String.valueOf(status);
    };
  }
}
