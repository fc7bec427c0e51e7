package dev.parley.crypto.group;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.List;

/** A message a test sent, with the text it should decrypt to; plus the tests' text helpers. */
record Sent(String text, byte[] bytes) {
  static List<Sent> send(SenderKeyState from, String prefix, int count) {
    List<Sent> sent = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      sent.add(new Sent(prefix + i, from.encrypt(utf8(prefix + i))));
    }
    return sent;
  }

  static byte[] utf8(String text) {
    return text.getBytes(UTF_8);
  }

  static String text(byte[] bytes) {
    return new String(bytes, UTF_8);
  }
}
