package dev.parley.crypto.session;

/** The one rule all prekey ids follow. */
final class PrekeyIds {
  private PrekeyIds() {}

  /**
   * Refuses negative ids: ids travel as u32 fields that decoders cap at 2^31 - 1, so every id a
   * device can create also survives a round trip through the wire formats.
   */
  static int check(String name, int id) {
    if (id < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + id);
    }
    return id;
  }
}
