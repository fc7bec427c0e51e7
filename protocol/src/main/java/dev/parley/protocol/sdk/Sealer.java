package dev.parley.protocol.sdk;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.parley.crypto.agreement.X25519PublicKey;
import dev.parley.crypto.identity.IdentityPublicKey;
import dev.parley.crypto.kem.MlKemPublicKey;
import dev.parley.crypto.session.DecryptionException;
import dev.parley.crypto.session.IdentityDhCertificate;
import dev.parley.crypto.session.InitialHeader;
import dev.parley.crypto.session.Initiation;
import dev.parley.crypto.session.InvalidBundleException;
import dev.parley.crypto.session.InvalidHeaderException;
import dev.parley.crypto.session.KemPrekey;
import dev.parley.crypto.session.KemPrekeyPair;
import dev.parley.crypto.session.OneTimePrekey;
import dev.parley.crypto.session.OneTimePrekeyPair;
import dev.parley.crypto.session.PrekeyBundle;
import dev.parley.crypto.session.RatchetSession;
import dev.parley.crypto.session.SessionInitiator;
import dev.parley.crypto.session.SessionResponder;
import dev.parley.crypto.session.SignedPrekey;
import dev.parley.crypto.session.SignedPrekeyPair;
import dev.parley.protocol.sdk.Keyring.DeviceAddress;
import dev.parley.protocol.sdk.Keyring.SessionRecord;
import dev.parley.protocol.sdk.e2e.proto.Content;
import dev.parley.protocol.sdk.e2e.proto.PrekeyMessage;
import dev.parley.protocol.sdk.e2e.proto.SealedMessage;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * Turns plaintext into one device's ciphertext and back, with the sessions in the {@link Keyring}.
 * Opening works on copies of the sessions: nothing changes in the keyring until the application
 * accepted the message ({@link Opened#commit}), so a message handed back is delivered again intact.
 * Confined to the client's event loop.
 */
final class Sealer {
  private static final int PADDING_BLOCK = 64;

  private final Keyring keyring;
  private final SecureRandom random;

  Sealer(Keyring keyring, SecureRandom random) {
    this.keyring = keyring;
    this.random = random;
  }

  /** Starts a session with a device from its fetched bundle; the bundle's signatures are verified. */
  void startSession(long userId, dev.parley.protocol.v1.PrekeyBundle wire) throws InvalidBundleException {
    PrekeyBundle bundle;
    try {
      bundle = bundle(wire);
    } catch (IllegalArgumentException e) {
      throw new InvalidBundleException("malformed bundle: " + e.getMessage());
    }
    Initiation init = SessionInitiator.initiate(keyring.keys(), bundle, random);
    keyring.putSession(new DeviceAddress(userId, wire.getDeviceId()), init.session(), init.header().toBytes());
  }

  /** The ciphertext of {@code body} for one device with which a session exists. */
  byte[] seal(DeviceAddress device, byte[] body) {
    return seal(device, Content.newBuilder().setBody(ByteString.copyFrom(body)).build());
  }

  /** The ciphertext of {@code content} for one device with which a session exists. */
  byte[] seal(DeviceAddress device, Content content) {
    SessionRecord r = keyring.session(device).orElseThrow(() -> new IllegalStateException("no session with " + device));
    byte[] ratchet = r.current.encrypt(padded(content, random).toByteArray());
    SealedMessage.Builder sealed = SealedMessage.newBuilder();
    if (r.pendingHeader != null) {
      sealed.setPrekey(PrekeyMessage.newBuilder()
          .setInitialHeader(ByteString.copyFrom(r.pendingHeader))
          .setRatchet(ByteString.copyFrom(ratchet)));
    } else {
      sealed.setRatchet(ByteString.copyFrom(ratchet));
    }
    return sealed.build().toByteArray();
  }

  /**
   * {@code content} with 1 to 64 random padding bytes, so that its fields other than the padding plus
   * the padding make a multiple of 64 bytes: ciphertext lengths then hide exact plaintext lengths.
   */
  static Content padded(Content content, SecureRandom random) {
    Content bare = content.toBuilder().clearPadding().build();
    byte[] padding = new byte[PADDING_BLOCK - bare.getSerializedSize() % PADDING_BLOCK];
    random.nextBytes(padding);
    return bare.toBuilder().setPadding(ByteString.copyFrom(padding)).build();
  }

  /** A decrypted message whose session changes wait for {@link #commit}. */
  final class Opened {
    final Content content;
    private final DeviceAddress from;
    /** The stored session that decrypted it (null for a new session) and its advanced copy. */
    private final RatchetSession original;
    private final RatchetSession session;
    private final Integer oneTimeUsed;
    private final int kemUsed;

    private Opened(
        Content content, DeviceAddress from, RatchetSession original, RatchetSession session, Integer oneTimeUsed, int kemUsed) {
      this.content = content;
      this.from = from;
      this.original = original;
      this.session = session;
      this.oneTimeUsed = oneTimeUsed;
      this.kemUsed = kemUsed;
    }

    /**
     * The application took the message: keep the advanced session and delete used prekeys. A crash
     * before the next save only makes the server deliver it again, to the old state, which opens it.
     */
    void commit() {
      if (original == null) {
        keyring.putSession(from, session, null);
        keyring.consume(oneTimeUsed, kemUsed);
      } else {
        SessionRecord r = keyring.session(from).orElseThrow();
        if (r.current != original) {
          // An older session decrypted it: the peer answers on that one, so it becomes current.
          r.previous.remove(original);
          r.previous.addFirst(r.current);
          while (r.previous.size() > SessionRecord.MAX_PREVIOUS) r.previous.removeLast();
        }
        r.current = session;
        r.pendingHeader = null;
      }
      // Saved before the acknowledgement that lets the server forget the message
      // (ClientConnection#onReadComplete), once per read burst rather than once per message.
      keyring.changed();
    }
  }

  /** Why a message could not be opened. */
  static final class Unreadable extends Exception {
    Unreadable(String reason) {
      super(reason, null, false, false);
    }
  }

  Opened open(long senderUserId, long senderDeviceId, byte[] ciphertext) throws Unreadable {
    DeviceAddress from = new DeviceAddress(senderUserId, senderDeviceId);
    SealedMessage sealed;
    try {
      sealed = SealedMessage.parseFrom(ciphertext);
    } catch (InvalidProtocolBufferException e) {
      throw new Unreadable("not a sealed message");
    }
    return switch (sealed.getKindCase()) {
      case RATCHET -> openWithExisting(from, sealed.getRatchet().toByteArray())
          .orElseThrow(() -> new Unreadable("no session decrypts it"));
      case PREKEY -> {
        Optional<Opened> existing = openWithExisting(from, sealed.getPrekey().getRatchet().toByteArray());
        yield existing.isPresent() ? existing.get() : accept(from, sealed.getPrekey());
      }
      case KIND_NOT_SET -> throw new Unreadable("empty sealed message");
    };
  }

  private Optional<Opened> openWithExisting(DeviceAddress from, byte[] ratchet) throws Unreadable {
    Optional<SessionRecord> record = keyring.session(from);
    if (record.isEmpty()) return Optional.empty();
    SessionRecord r = record.get();
    java.util.List<RatchetSession> candidates = new java.util.ArrayList<>();
    candidates.add(r.current);
    candidates.addAll(r.previous);
    for (RatchetSession candidate : candidates) {
      RatchetSession copy = RatchetSession.fromBytes(candidate.toBytes(), random);
      try {
        byte[] content = copy.decrypt(ratchet);
        return Optional.of(new Opened(body(content), from, candidate, copy, null, 0));
      } catch (DecryptionException e) {
        if (e.reason() == DecryptionException.Reason.DUPLICATE) throw new Unreadable("already received");
      }
    }
    return Optional.empty();
  }

  private Opened accept(DeviceAddress from, PrekeyMessage m) throws Unreadable {
    try {
      InitialHeader header = InitialHeader.fromBytes(m.getInitialHeader().toByteArray());
      SignedPrekeyPair spk = keyring.signedPrekey(header.signedPrekeyId())
          .orElseThrow(() -> new Unreadable("unknown signed prekey " + header.signedPrekeyId()));
      Optional<OneTimePrekeyPair> opk = Optional.empty();
      if (header.oneTimePrekeyId().isPresent()) {
        int id = header.oneTimePrekeyId().getAsInt();
        opk = Optional.of(keyring.oneTimePrekey(id).orElseThrow(() -> new Unreadable("one-time prekey " + id + " already used")));
      }
      KemPrekeyPair kpk = keyring.kemPrekey(header.kemPrekeyId())
          .orElseThrow(() -> new Unreadable("KEM prekey " + header.kemPrekeyId() + " already used"));
      RatchetSession session = SessionResponder.accept(keyring.keys(), spk, opk, kpk, header, random);
      byte[] content = session.decrypt(m.getRatchet().toByteArray());
      Integer used = header.oneTimePrekeyId().isPresent() ? header.oneTimePrekeyId().getAsInt() : null;
      return new Opened(body(content), from, null, session, used, header.kemPrekeyId());
    } catch (InvalidHeaderException | DecryptionException | IllegalArgumentException e) {
      throw new Unreadable("bad first message: " + e.getMessage());
    }
  }

  /** The identity key in a first message, for checking it against what the server lists. */
  static Optional<IdentityPublicKey> senderIdentity(byte[] ciphertext) {
    try {
      SealedMessage sealed = SealedMessage.parseFrom(ciphertext);
      if (!sealed.hasPrekey()) return Optional.empty();
      return Optional.of(InitialHeader.fromBytes(sealed.getPrekey().getInitialHeader().toByteArray()).senderIdentity());
    } catch (InvalidProtocolBufferException | InvalidHeaderException e) {
      return Optional.empty();
    }
  }

  private static Content body(byte[] content) throws Unreadable {
    try {
      return Content.parseFrom(content).toBuilder().clearPadding().build();
    } catch (InvalidProtocolBufferException e) {
      throw new Unreadable("bad plaintext");
    }
  }

  private static PrekeyBundle bundle(dev.parley.protocol.v1.PrekeyBundle w) {
    var sp = w.getSignedPrekey();
    var kp = w.getKemPrekey();
    return new PrekeyBundle(
        new IdentityPublicKey(w.getIdentityKey().toByteArray()),
        new IdentityDhCertificate(
            new X25519PublicKey(w.getIdentityDh().getPublicKey().toByteArray()), w.getIdentityDh().getSignature().toByteArray()),
        new SignedPrekey(sp.getId(), new X25519PublicKey(sp.getPublicKey().toByteArray()), sp.getSignature().toByteArray()),
        w.hasOneTimePrekey()
            ? Optional.of(new OneTimePrekey(w.getOneTimePrekey().getId(), new X25519PublicKey(w.getOneTimePrekey().getPublicKey().toByteArray())))
            : Optional.empty(),
        new KemPrekey(kp.getId(), new MlKemPublicKey(kp.getPublicKey().toByteArray()), kp.getSignature().toByteArray(), kp.getLastResort()));
  }
}
