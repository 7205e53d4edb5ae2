package io.flotilla.cli.assignment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.cli.CliException;

/**
 * One {@code --wave} of {@code rollout create}: {@code NAME:clusters=c1,c2;max-unavailable=1;
 * bake=600} or {@code NAME:tags=ring=1,region=west;…}, as the wave's JSON. The server checks the
 * values; this only checks the shape, with a usage error naming the wave.
 */
final class WaveArgument {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private WaveArgument() {}

  static ObjectNode parse(String arg) {
    int colon = arg.indexOf(':');
    if (colon <= 0) {
      throw usage(arg, "start with the wave's name and a colon");
    }
    ObjectNode wave = F.objectNode();
    wave.put("name", arg.substring(0, colon));
    for (String part : arg.substring(colon + 1).split(";")) {
      if (part.isBlank()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw usage(arg, "'" + part + "' is not key=value");
      }
      String key = part.substring(0, eq).trim();
      String value = part.substring(eq + 1).trim();
      switch (key) {
        case "clusters" -> {
          ArrayNode clusters = wave.putArray("clusters");
          for (String c : value.split(",")) {
            if (!c.isBlank()) {
              clusters.add(c.trim());
            }
          }
        }
        case "tags" -> {
          ObjectNode tags = wave.putObject("clusterSelector").putObject("matchTags");
          for (String kv : value.split(",")) {
            int e = kv.indexOf('=');
            if (e <= 0) {
              throw usage(arg, "tags take key=value pairs, e.g. tags=ring=1,region=west");
            }
            tags.put(kv.substring(0, e).trim(), kv.substring(e + 1).trim());
          }
        }
        case "max-unavailable" ->
            wave.set(
                "maxUnavailable",
                value.matches("-?[0-9]+")
                    ? F.numberNode(Long.parseLong(value))
                    : F.textNode(value));
        case "bake" -> {
          try {
            wave.put("bakeTimeInSeconds", Long.parseLong(value));
          } catch (NumberFormatException e) {
            throw usage(arg, "bake is a number of seconds, e.g. bake=600");
          }
        }
        default ->
            throw usage(
                arg, "'" + key + "' is not one of clusters, tags, max-unavailable and bake");
      }
    }
    return wave;
  }

  private static CliException usage(String arg, String why) {
    return CliException.usage(
        "usage error: --wave '"
            + arg
            + "': "
            + why
            + ". Use NAME:clusters=c1,c2[;max-unavailable=1][;bake=600] or"
            + " NAME:tags=key=value[,key=value][;…].");
  }
}
