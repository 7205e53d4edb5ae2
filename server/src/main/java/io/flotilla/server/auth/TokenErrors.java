package io.flotilla.server.auth;

import io.flotilla.server.http.ArmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The 401s for a bearer token ARM would refuse, with ARM's codes and what to do about them. */
final class TokenErrors {
  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a").withZone(ZoneOffset.UTC);

  private TokenErrors() {}

  static ArmException expired(Instant exp, Instant now) {
    return new ArmException(
        401,
        "ExpiredAuthenticationToken",
        "The access token expiry UTC time '%s' is earlier than current UTC time '%s'."
            .formatted(UTC.format(exp), UTC.format(now)));
  }

  static ArmException notYetValid(Instant nbf, Instant now) {
    return invalid(
        "The access token is not valid before UTC time '%s', later than current UTC time '%s'."
            .formatted(UTC.format(nbf), UTC.format(now)));
  }

  static ArmException wrongAudience(String got, String expected) {
    return new ArmException(
        401,
        "InvalidAuthenticationTokenAudience",
        ("The access token has been obtained for wrong audience or resource '%s'. It should"
                + " exactly match with one of the allowed audiences '%s'.")
            .formatted(got, expected));
  }

  static ArmException wrongIssuer(String got, String expected) {
    return new ArmException(
        401,
        "InvalidAuthenticationTokenTenant",
        ("The access token is from the wrong issuer '%s'. It must match the issuer '%s' this"
                + " service trusts. Get a token from that issuer.")
            .formatted(got, expected));
  }

  static ArmException algorithm(String alg) {
    return invalid(
        "The access token is signed with algorithm '%s'; this service accepts only RS256 and ES256."
            .formatted(alg));
  }

  static ArmException unknownKey(String kid, String issuer) {
    return invalid(
        "The access token is signed with key '%s', which the issuer '%s' does not publish in its JWK set."
            .formatted(kid, issuer));
  }

  static ArmException badSignature() {
    return invalid("The access token has an invalid signature.");
  }

  static ArmException malformed() {
    return invalid("The access token is not a well-formed JWT.");
  }

  static ArmException missingClaim(String claim, String flag) {
    return invalid(
        "The access token has no '"
            + claim
            + "' claim, which this service reads the caller from (set "
            + flag
            + " to the claim the issuer uses).");
  }

  static ArmException noExpiry() {
    return invalid(
        "The access token has no 'exp' claim; this service accepts only tokens that expire.");
  }

  static ArmException issuerUnavailable(String why) {
    return new ArmException(
        503,
        "ServiceUnavailable",
        "The access token cannot be verified now: " + why + ". Retry in a few seconds.");
  }

  private static ArmException invalid(String message) {
    return new ArmException(401, "InvalidAuthenticationToken", message);
  }
}
