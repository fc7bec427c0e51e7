package dev.parley.crypto.session;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;

/**
 * Alice and Bob with an established session: Alice initiated from Bob's bundle and Bob has accepted
 * and decrypted her first message, so both can send.
 */
record Conversation(RatchetSession alice, RatchetSession bob) {
  static Conversation establish(SecureRandom random) throws Exception {
    TestDevice aliceDevice = new TestDevice(random);
    TestDevice bobDevice = new TestDevice(random);
    Initiation initiation = SessionInitiator.initiate(aliceDevice.keys, bobDevice.bundle(), random);
    byte[] first = initiation.session().encrypt(utf8("hello bob"));
    RatchetSession bob = bobDevice.accept(InitialHeader.fromBytes(initiation.header().toBytes()));
    assertThat(text(bob.decrypt(first))).isEqualTo("hello bob");
    return new Conversation(initiation.session(), bob);
  }

  static byte[] utf8(String text) {
    return text.getBytes(UTF_8);
  }

  static String text(byte[] bytes) {
    return new String(bytes, UTF_8);
  }
}
