package dev.parley.server.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/** Renders a result document for people: "key: value" lines, nested blocks indented, lists itemised. */
final class HumanOutput {
  private HumanOutput() {}

  static String render(JsonNode node) {
    StringBuilder out = new StringBuilder();
    write(out, node, 0);
    return out.toString();
  }

  private static void write(StringBuilder out, JsonNode node, int indent) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        var e = it.next();
        pad(out, indent).append(e.getKey()).append(':');
        if (e.getValue().isContainerNode() && !e.getValue().isEmpty()) {
          out.append('\n');
          write(out, e.getValue(), indent + 2);
        } else {
          out.append(' ').append(scalar(e.getValue())).append('\n');
        }
      }
    } else if (node.isArray()) {
      for (JsonNode item : node) {
        if (item.isContainerNode()) {
          pad(out, indent).append("-\n");
          write(out, item, indent + 2);
        } else {
          pad(out, indent).append("- ").append(scalar(item)).append('\n');
        }
      }
    } else {
      pad(out, indent).append(scalar(node)).append('\n');
    }
  }

  private static String scalar(JsonNode n) {
    if (n.isContainerNode()) return n.isArray() ? "(none)" : "{}";
    return n.isNull() ? "-" : n.asText();
  }

  private static StringBuilder pad(StringBuilder out, int indent) {
    return out.append(" ".repeat(indent));
  }
}
