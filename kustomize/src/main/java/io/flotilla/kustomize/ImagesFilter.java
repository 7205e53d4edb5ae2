package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code images:} rewrites the image of every container and init container found anywhere in a
 * resource (and at any extra field specs from {@code configurations}).
 */
record ImagesFilter(List<Image> images, List<FieldSpec> extra) implements ResourceFilter {

  /** One {@code images} entry. */
  record Image(String name, String newName, String newTag, String digest) {}

  @Override
  public void apply(List<ObjectNode> resources) throws KustomizeException {
    for (ObjectNode r : resources) {
      walk(r);
      FieldSpec.visitAll(
          extra,
          r,
          ResId.of(r),
          (parent, field) -> {
            JsonNode v = parent.get(field);
            if (v != null && v.isTextual()) parent.put(field, update(v.asText()));
          });
    }
  }

  private void walk(JsonNode node) {
    if (node instanceof ObjectNode o) {
      for (var it = o.fields(); it.hasNext(); ) {
        var e = it.next();
        if ((e.getKey().equals("containers") || e.getKey().equals("initContainers"))
            && e.getValue() instanceof ArrayNode arr) {
          for (JsonNode c : arr) {
            if (c instanceof ObjectNode container && container.path("image").isTextual()) {
              container.put("image", update(container.get("image").asText()));
            }
          }
        }
        walk(e.getValue());
      }
    } else if (node instanceof ArrayNode a) {
      for (JsonNode el : a) walk(el);
    }
  }

  String update(String value) {
    for (Image img : images) {
      if (!matches(value, img.name())) {
        continue;
      }
      String[] parts = split(value);
      String name = parts[0];
      String tag = parts[1];
      String digest = parts[2];
      if (img.newName() != null && !img.newName().isEmpty()) name = img.newName();
      boolean hasTag = img.newTag() != null && !img.newTag().isEmpty();
      boolean hasDigest = img.digest() != null && !img.digest().isEmpty();
      if (hasTag && hasDigest) {
        tag = img.newTag();
        digest = img.digest();
      } else if (hasTag) {
        tag = img.newTag();
        digest = "";
      } else if (hasDigest) {
        tag = "";
        digest = img.digest();
      }
      String out = name;
      if (!tag.isEmpty()) out += ":" + tag;
      if (!digest.isEmpty()) out += "@" + digest;
      return out;
    }
    return value;
  }

  static boolean matches(String image, String name) {
    try {
      return Pattern.compile("^" + name + "(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$")
          .matcher(image)
          .matches();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** name, tag, digest; a registry's port is not mistaken for a tag. */
  static String[] split(String image) {
    int slash = image.indexOf('/');
    int offset = slash > 0 ? slash : 0;
    String search = image.substring(offset);
    int at = search.indexOf('@');
    int colon = search.indexOf(':');
    if (colon < 0 && at < 0) return new String[] {image, "", ""};
    if (at >= 0 && (at < colon || colon < 0)) {
      return new String[] {image.substring(0, at + offset), "", image.substring(at + offset + 1)};
    }
    if (at >= 0) {
      return new String[] {
        image.substring(0, colon + offset),
        image.substring(colon + offset + 1, at + offset),
        image.substring(at + offset + 1)
      };
    }
    return new String[] {
      image.substring(0, colon + offset), image.substring(colon + offset + 1), ""
    };
  }
}
