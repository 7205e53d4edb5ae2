package io.flotilla.helm;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.gotext.GoJsonString;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Helm's release encoding ({@code pkg/storage/driver/util.go}): the release JSON, gzipped at best
 * compression, base64 (standard alphabet). That string is the {@code release} entry of the storage
 * Secret, so on the wire it is base64 once more. Decoding accepts uncompressed JSON too, as Helm
 * does for releases stored before compression.
 */
final class ReleaseCodec {
  /** A release JSON larger than this is refused (Secrets hold at most 1 MiB gzipped anyway). */
  static final int MAX_JSON_BYTES = 64 << 20;

  static final ObjectMapper JSON = goLikeMapper();
  private static final DateTimeFormatter GO_RFC3339 =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

  private ReleaseCodec() {}

  static String encode(ObjectNode release) {
    try {
      byte[] json = JSON.writeValueAsBytes(release);
      ByteArrayOutputStream buf = new ByteArrayOutputStream(json.length / 4 + 64);
      try (GZIPOutputStream gz =
          new GZIPOutputStream(buf) {
            {
              def.setLevel(Deflater.BEST_COMPRESSION);
            }
          }) {
        gz.write(json);
      }
      return Base64.getEncoder().encodeToString(buf.toByteArray());
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode release", e); // in-memory streams only
    }
  }

  static ObjectNode decode(String data) throws IOException {
    byte[] b;
    try {
      b = Base64.getDecoder().decode(data.strip());
    } catch (IllegalArgumentException e) {
      throw new IOException("release data is not base64: " + e.getMessage());
    }
    if (b.length >= 3 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b && b[2] == 8) {
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
        b = in.readNBytes(MAX_JSON_BYTES + 1);
      }
      if (b.length > MAX_JSON_BYTES) {
        throw new IOException("release JSON is larger than " + (MAX_JSON_BYTES >> 20) + " MiB");
      }
    }
    JsonNode n = JSON.readTree(b);
    if (!(n instanceof ObjectNode o)) throw new IOException("release data is not a JSON object");
    return o;
  }

  /**
   * Go's {@code time.RFC3339Nano} (trailing zeros of the fraction dropped) in UTC; the zero time as
   * Helm's time type writes it, an empty string.
   */
  static String time(Instant t) {
    if (t == null) return "";
    OffsetDateTime utc = t.atOffset(ZoneOffset.UTC);
    StringBuilder s = new StringBuilder(GO_RFC3339.format(utc));
    int nanos = utc.getNano();
    if (nanos != 0) {
      String f = String.format("%09d", nanos).replaceAll("0+$", "");
      s.append('.').append(f);
    }
    return s.append('Z').toString();
  }

  /** Reads a time Helm wrote: RFC 3339 with any offset, or empty / Go's zero time for none. */
  static Instant instant(JsonNode n) {
    if (n == null || !n.isTextual() || n.asText().isEmpty()) return null;
    try {
      Instant t = OffsetDateTime.parse(n.asText()).toInstant();
      return t.getEpochSecond() <= -62135596800L ? null : t; // 0001-01-01T00:00:00Z
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * Jackson writing strings as Go's encoding/json does, so the stored bytes are Helm's: every
   * character {@link GoJsonString} escapes ({@code < > &}, U+2028/9, control characters in
   * lower-case hex, Go 1.22's short forms) is escaped with its words, every other as it is.
   */
  private static ObjectMapper goLikeMapper() {
    ObjectMapper m = new ObjectMapper();
    m.getFactory().setCharacterEscapes(new GoEscapes());
    return m;
  }

  private static final class GoEscapes extends CharacterEscapes {
    private final int[] codes = new int[128];
    private final SerializableString[] ascii = new SerializableString[128];

    GoEscapes() {
      for (char c = 0; c < 128; c++) {
        ascii[c] = escape(c);
        codes[c] = ascii[c] == null ? 0 : ESCAPE_CUSTOM;
      }
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return codes;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return ch < 128 ? ascii[ch] : escape((char) ch);
    }

    /** {@link GoJsonString}'s escape of {@code c}, or null where Go writes it as it is. */
    private static SerializableString escape(char c) {
      String quoted = GoJsonString.quote(String.valueOf(c));
      return quoted.length() == 3
          ? null
          : new SerializedString(quoted.substring(1, quoted.length() - 1));
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
