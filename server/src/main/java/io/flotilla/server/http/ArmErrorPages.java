package io.flotilla.server.http;

import io.flotilla.api.arm.ErrorResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * The answers Jetty gives itself, before a request reaches the routes (a URI it cannot parse, one
 * with a NUL, one longer than its buffer, headers too large), as ARM error bodies instead of
 * Jetty's HTML pages. The reason Jetty gives is not echoed: it can quote the request.
 */
public final class ArmErrorPages extends ErrorHandler {
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8"));
    return ByteBuffer.wrap(body(status).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  protected void generateAcceptableResponse(
      Request baseRequest,
      HttpServletRequest request,
      HttpServletResponse response,
      int code,
      String message)
      throws IOException {
    baseRequest.setHandled(true);
    response.setContentType("application/json; charset=utf-8");
    response.getOutputStream().write(body(code).getBytes(StandardCharsets.UTF_8));
  }

  static String body(int status) {
    String code;
    String message;
    switch (status) {
      case 414 -> {
        code = "RequestUriTooLong";
        message =
            "The request URI is longer than the service accepts. Shorten the resource names or"
                + " the query.";
      }
      case 431 -> {
        code = "RequestHeaderFieldsTooLarge";
        message = "The request headers are larger than the service accepts.";
      }
      case 413 -> {
        code = "RequestEntityTooLarge";
        message = "The request content is larger than the service accepts.";
      }
      case 404 -> {
        code = "NotFound";
        message = "The requested path does not exist.";
      }
      case 400 -> {
        code = "InvalidRequestUri";
        message =
            "The request could not be read: its URI or headers are malformed (for example a"
                + " NUL or another control character, or an ambiguous path segment).";
      }
      default -> {
        code = status >= 500 ? "InternalServerError" : "BadRequest";
        message = "The request could not be processed (HTTP " + status + ").";
      }
    }
    return Json.write(ErrorResponse.of(code, message));
  }
}
