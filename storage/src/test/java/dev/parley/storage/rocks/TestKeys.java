package dev.parley.storage.rocks;

import dev.parley.storage.prekey.IdentityDhRecord;
import dev.parley.storage.prekey.KemPrekeyRecord;
import dev.parley.storage.prekey.OneTimePrekeyRecord;
import dev.parley.storage.prekey.PrekeyUpload;
import dev.parley.storage.prekey.SignedPrekeyRecord;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/** Prekey uploads for the storage tests. Key bytes start with the key's id, so a test can tell them apart. */
final class TestKeys {
  static final int LAST_RESORT_ID = 1_000;

  private TestKeys() {}

  static byte[] bytes(int length, int id) {
    return ByteBuffer.allocate(length).putInt(id).array();
  }

  static IdentityDhRecord identityDh() {
    return new IdentityDhRecord(bytes(32, 7), bytes(64, 7));
  }

  static SignedPrekeyRecord signedPrekey(int id) {
    return new SignedPrekeyRecord(id, bytes(32, id), bytes(64, id));
  }

  static OneTimePrekeyRecord ec(int id) {
    return new OneTimePrekeyRecord(id, bytes(32, id));
  }

  static KemPrekeyRecord kem(int id) {
    return new KemPrekeyRecord(id, bytes(1_184, id), bytes(64, id), false);
  }

  static KemPrekeyRecord lastResort() {
    return new KemPrekeyRecord(LAST_RESORT_ID, bytes(1_184, LAST_RESORT_ID), bytes(64, LAST_RESORT_ID), true);
  }

  static List<Integer> ids(int first, int count) {
    return IntStream.range(first, first + count).boxed().toList();
  }

  /** Identity DH key, signed prekey 1, the last-resort KEM prekey and the given one-time keys. */
  static PrekeyUpload full(List<Integer> ecIds, List<Integer> kemIds) {
    return new PrekeyUpload(
        Optional.of(identityDh()),
        Optional.of(signedPrekey(1)),
        ecIds.stream().map(TestKeys::ec).toList(),
        kemIds.stream().map(TestKeys::kem).toList(),
        Optional.of(lastResort()));
  }

  /** One-time keys only. */
  static PrekeyUpload oneTime(List<Integer> ecIds, List<Integer> kemIds) {
    return new PrekeyUpload(
        Optional.empty(),
        Optional.empty(),
        ecIds.stream().map(TestKeys::ec).toList(),
        kemIds.stream().map(TestKeys::kem).toList(),
        Optional.empty());
  }
}
