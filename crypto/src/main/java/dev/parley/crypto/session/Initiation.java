package dev.parley.crypto.session;

import java.util.Objects;

/**
 * The result of {@link SessionInitiator#initiate}: a session ready to encrypt, and the header to
 * send with every message until the responder's first reply decrypts (see {@link
 * RatchetSession#hasReceivedMessage()}), so the responder can build the session from whichever
 * message reaches it first.
 *
 * @param session the initiator's new session; owned by the caller, confined to one thread
 * @param header the initial header for the responder
 */
public record Initiation(RatchetSession session, InitialHeader header) {
  public Initiation {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(header, "header");
  }
}
