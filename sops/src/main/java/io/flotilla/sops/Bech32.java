package io.flotilla.sops;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/** BIP 173 Bech32, which age uses for its keys ({@code AGE-SECRET-KEY-1…}, {@code age1…}). */
final class Bech32 {
  private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  private static final int[] GEN = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};

  private Bech32() {}

  record Decoded(String hrp, byte[] data) {}

  static Decoded decode(String s) {
    if (!s.equals(s.toLowerCase(Locale.ROOT)) && !s.equals(s.toUpperCase(Locale.ROOT))) {
      throw new IllegalArgumentException("mixed case");
    }
    String lower = s.toLowerCase(Locale.ROOT);
    int pos = lower.lastIndexOf('1');
    if (pos < 1 || pos + 7 > lower.length()) {
      throw new IllegalArgumentException("separator '1' at invalid position");
    }
    String hrp = lower.substring(0, pos);
    int[] values = new int[lower.length() - pos - 1];
    for (int i = 0; i < values.length; i++) {
      int v = CHARSET.indexOf(lower.charAt(pos + 1 + i));
      if (v < 0) {
        throw new IllegalArgumentException("invalid character");
      }
      values[i] = v;
    }
    if (polymod(hrp, values) != 1) {
      throw new IllegalArgumentException("invalid checksum");
    }
    int[] data = new int[values.length - 6];
    System.arraycopy(values, 0, data, 0, data.length);
    return new Decoded(hrp, convert(data, 5, 8, false));
  }

  static String encode(String hrp, byte[] bytes) {
    int[] in = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      in[i] = bytes[i] & 0xff;
    }
    byte[] five = convert(in, 8, 5, true);
    int[] values = new int[five.length + 6];
    for (int i = 0; i < five.length; i++) {
      values[i] = five[i];
    }
    int mod = polymod(hrp, values) ^ 1;
    for (int i = 0; i < 6; i++) {
      values[five.length + i] = (mod >>> (5 * (5 - i))) & 31;
    }
    StringBuilder sb = new StringBuilder(hrp).append('1');
    for (int v : values) {
      sb.append(CHARSET.charAt(v));
    }
    return sb.toString();
  }

  private static int polymod(String hrp, int[] values) {
    int chk = 1;
    int[] expanded = new int[hrp.length() * 2 + 1 + values.length];
    for (int i = 0; i < hrp.length(); i++) {
      expanded[i] = hrp.charAt(i) >> 5;
      expanded[hrp.length() + 1 + i] = hrp.charAt(i) & 31;
    }
    System.arraycopy(values, 0, expanded, hrp.length() * 2 + 1, values.length);
    for (int v : expanded) {
      int top = chk >>> 25;
      chk = ((chk & 0x1ffffff) << 5) ^ v;
      for (int i = 0; i < 5; i++) {
        if (((top >>> i) & 1) != 0) {
          chk ^= GEN[i];
        }
      }
    }
    return chk;
  }

  private static byte[] convert(int[] data, int from, int to, boolean pad) {
    int acc = 0;
    int bits = 0;
    int maxv = (1 << to) - 1;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int v : data) {
      acc = (acc << from) | v;
      bits += from;
      while (bits >= to) {
        bits -= to;
        out.write((acc >>> bits) & maxv);
      }
    }
    if (pad) {
      if (bits > 0) {
        out.write((acc << (to - bits)) & maxv);
      }
    } else if (bits >= from || ((acc << (to - bits)) & maxv) != 0) {
      throw new IllegalArgumentException("invalid padding");
    }
    return out.toByteArray();
  }
}
