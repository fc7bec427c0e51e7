package dev.parley.protocol.sdk;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.parley.crypto.agreement.X25519KeyPair;
import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.crypto.session.DeviceKeys;
import dev.parley.crypto.session.KemPrekeyPair;
import dev.parley.crypto.session.OneTimePrekeyPair;
import dev.parley.crypto.session.PrekeyFactory;
import dev.parley.crypto.session.RatchetSession;
import dev.parley.crypto.session.SignedPrekeyPair;
import dev.parley.protocol.sdk.e2e.proto.DeviceState;
import dev.parley.protocol.sdk.e2e.proto.KnownDevice;
import dev.parley.protocol.sdk.e2e.proto.KnownPeer;
import dev.parley.protocol.sdk.e2e.proto.StoredSession;
import dev.parley.protocol.v1.IdentityDhKey;
import dev.parley.protocol.v1.KemPrekey;
import dev.parley.protocol.v1.OneTimePrekey;
import dev.parley.protocol.v1.SignedPrekey;
import dev.parley.protocol.v1.UploadPrekeys;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A device's end-to-end state: its keys, its private prekeys, its sessions with other devices and
 * what it knows of its peers' devices, and (small, bounded) the receipts it owes and its view-once
 * timers. Loaded from and saved to a {@link CryptoStore} as one blob.
 * Confined to the client's event loop.
 */
final class Keyring {
  static final int ONE_TIME_BATCH = 100;
  static final int KEM_BATCH = 40;

  private int oneTimeBatch = ONE_TIME_BATCH;
  private int kemBatch = KEM_BATCH;

  private final CryptoStore store;
  private boolean unsaved;
  private final SecureRandom random;
  private final DeviceKeys keys;
  private final Map<Integer, SignedPrekeyPair> signedPrekeys = new HashMap<>();
  private final Map<Integer, OneTimePrekeyPair> oneTime = new HashMap<>();
  private final Map<Integer, KemPrekeyPair> kem = new HashMap<>();
  private final Map<DeviceAddress, SessionRecord> sessions = new LinkedHashMap<>();
  private final Map<Long, Peer> peers = new HashMap<>();
  private int nextPrekeyId;
  private boolean uploaded;
  private GroupKeys groupKeys = new GroupKeys();
  private OwedReceipts owedReceipts = new OwedReceipts();
  private ViewOnceState viewOnce = new ViewOnceState();

  /**
   * The sessions with one device: the current one (used to encrypt), and older ones still tried when
   * decrypting. {@code pendingHeader} is set while the current session started here and has not
   * heard back: every message repeats the PQXDH header until then.
   */
  static final class SessionRecord {
    static final int MAX_PREVIOUS = 3;
    RatchetSession current;
    byte[] pendingHeader;
    final List<RatchetSession> previous = new ArrayList<>();

    SessionRecord(RatchetSession current, byte[] pendingHeader) {
      this.current = current;
      this.pendingHeader = pendingHeader;
    }
  }

  /** A device of some user, as sessions are keyed. */
  record DeviceAddress(long userId, long deviceId) {}

  /** What this device knows of a user: name and device identity keys (trust on first use). */
  static final class Peer {
    final long userId;
    String username;
    final Map<Long, byte[]> devices = new LinkedHashMap<>();
    /** The 1:1 conversation's disappearing-message timer, set by either participant; 0 = off. */
    long timerSeconds;

    Peer(long userId, String username) {
      this.userId = userId;
      this.username = username;
    }
  }

  private Keyring(CryptoStore store, SecureRandom random, DeviceKeys keys) {
    this.store = store;
    this.random = random;
    this.keys = keys;
  }

  /** The saved state for {@code identity}, or a fresh one (new X25519 identity key, no prekeys). */
  static Keyring load(CryptoStore store, IdentityKeyPair identity, SecureRandom random) {
    Optional<byte[]> saved = store.load();
    if (saved.isEmpty()) {
      return new Keyring(store, random, new DeviceKeys(identity, X25519KeyPair.generate(random)));
    }
    try {
      DeviceState s = DeviceState.parseFrom(saved.get());
      DeviceKeys keys = DeviceKeys.fromBytes(s.getDeviceKeys().toByteArray());
      if (!keys.identity().equals(identity.publicKey())) {
        throw new IllegalStateException("the saved end-to-end state belongs to another device key");
      }
      Keyring k = new Keyring(store, random, keys);
      s.getSignedPrekeysList().forEach(p -> k.put(SignedPrekeyPair.fromBytes(p.getPrivateKey().toByteArray())));
      s.getOneTimePrekeysList().forEach(p -> k.put(OneTimePrekeyPair.fromBytes(p.getPrivateKey().toByteArray())));
      s.getKemPrekeysList().forEach(p -> k.put(KemPrekeyPair.fromBytes(p.getPrivateKey().toByteArray())));
      for (StoredSession ss : s.getSessionsList()) {
        SessionRecord r = new SessionRecord(
            RatchetSession.fromBytes(ss.getRatchet().toByteArray(), random),
            ss.getPendingInitialHeader().isEmpty() ? null : ss.getPendingInitialHeader().toByteArray());
        ss.getPreviousList().forEach(b -> r.previous.add(RatchetSession.fromBytes(b.toByteArray(), random)));
        k.sessions.put(new DeviceAddress(ss.getUserId(), ss.getDeviceId()), r);
      }
      for (KnownPeer p : s.getPeersList()) {
        Peer peer = new Peer(p.getUserId(), p.getUsername());
        p.getDevicesList().forEach(d -> peer.devices.put(d.getDeviceId(), d.getIdentityKey().toByteArray()));
        peer.timerSeconds = p.getTimerSeconds();
        k.peers.put(p.getUserId(), peer);
      }
      k.groupKeys = GroupKeys.readFrom(s);
      k.owedReceipts = OwedReceipts.readFrom(s);
      k.viewOnce = ViewOnceState.readFrom(s);
      k.nextPrekeyId = s.getNextPrekeyId();
      k.uploaded = s.getPrekeysUploaded();
      return k;
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      throw new IllegalStateException("the saved end-to-end state is corrupt", e);
    }
  }

  /** How many one-time prekeys of each kind an upload carries. */
  void batchSizes(int oneTime, int kemKeys) {
    this.oneTimeBatch = oneTime;
    this.kemBatch = kemKeys;
  }

  DeviceKeys keys() {
    return keys;
  }

  /** The sender keys of this device's groups; saved by {@link #save()} with everything else. */
  GroupKeys groupKeys() {
    return groupKeys;
  }

  /** Receipts not yet acknowledged by the server; saved with everything else. */
  OwedReceipts owedReceipts() {
    return owedReceipts;
  }

  /** View-once messages handed over and their timers; saved with everything else. */
  ViewOnceState viewOnce() {
    return viewOnce;
  }

  boolean uploaded() {
    return uploaded;
  }

  /**
   * New prekeys to upload: on first use the long-lived ones too (identity DH key, signed prekey,
   * last-resort KEM prekey). Private halves are kept, and saved, before anything is sent.
   */
  UploadPrekeys newUpload() {
    PrekeyFactory factory = new PrekeyFactory(keys, random);
    UploadPrekeys.Builder up = UploadPrekeys.newBuilder();
    if (!uploaded) {
      var cert = keys.identityDhCertificate();
      up.setIdentityDh(IdentityDhKey.newBuilder()
          .setPublicKey(ByteString.copyFrom(cert.key().bytes()))
          .setSignature(ByteString.copyFrom(cert.signature())));
      SignedPrekeyPair spk = factory.signedPrekey(nextId(1));
      put(spk);
      up.setSignedPrekey(SignedPrekey.newBuilder()
          .setId(spk.id())
          .setPublicKey(ByteString.copyFrom(spk.prekey().key().bytes()))
          .setSignature(ByteString.copyFrom(spk.prekey().signature())));
      KemPrekeyPair lastResort = factory.kemPrekey(nextId(1), true);
      put(lastResort);
      up.setLastResortKemPrekey(wire(lastResort));
    }
    for (OneTimePrekeyPair p : factory.oneTimePrekeys(nextId(oneTimeBatch), oneTimeBatch)) {
      put(p);
      up.addOneTimePrekeys(OneTimePrekey.newBuilder().setId(p.id()).setPublicKey(ByteString.copyFrom(p.prekey().key().bytes())));
    }
    for (KemPrekeyPair p : factory.oneTimeKemPrekeys(nextId(kemBatch), kemBatch)) {
      put(p);
      up.addKemPrekeys(wire(p));
    }
    save();
    return up.build();
  }

  void markUploaded() {
    uploaded = true;
    save();
  }

  private static KemPrekey wire(KemPrekeyPair p) {
    return KemPrekey.newBuilder()
        .setId(p.id())
        .setPublicKey(ByteString.copyFrom(p.prekey().key().bytes()))
        .setSignature(ByteString.copyFrom(p.prekey().signature()))
        .setLastResort(p.prekey().lastResort())
        .build();
  }

  private int nextId(int count) {
    int first = nextPrekeyId + 1;
    nextPrekeyId += count;
    return first;
  }

  Optional<SignedPrekeyPair> signedPrekey(int id) {
    return Optional.ofNullable(signedPrekeys.get(id));
  }

  Optional<OneTimePrekeyPair> oneTimePrekey(int id) {
    return Optional.ofNullable(oneTime.get(id));
  }

  Optional<KemPrekeyPair> kemPrekey(int id) {
    return Optional.ofNullable(kem.get(id));
  }

  /** Deletes used one-time prekeys (the last-resort KEM prekey stays). */
  void consume(Integer oneTimeId, int kemId) {
    if (oneTimeId != null) oneTime.remove(oneTimeId);
    KemPrekeyPair k = kem.get(kemId);
    if (k != null && !k.prekey().lastResort()) kem.remove(kemId);
  }

  Optional<SessionRecord> session(DeviceAddress device) {
    return Optional.ofNullable(sessions.get(device));
  }

  /** Makes {@code session} the current one with {@code device}; the one it replaces is kept as previous. */
  void putSession(DeviceAddress device, RatchetSession session, byte[] pendingHeader) {
    SessionRecord old = sessions.get(device);
    SessionRecord fresh = new SessionRecord(session, pendingHeader);
    if (old != null) {
      fresh.previous.add(old.current);
      fresh.previous.addAll(old.previous);
      while (fresh.previous.size() > SessionRecord.MAX_PREVIOUS) fresh.previous.removeLast();
    }
    sessions.put(device, fresh);
  }

  boolean hasSession(DeviceAddress device) {
    return sessions.containsKey(device);
  }

  void dropDevice(DeviceAddress device) {
    sessions.remove(device);
    Peer p = peers.get(device.userId());
    if (p != null) p.devices.remove(device.deviceId());
  }

  Optional<Peer> peer(long userId) {
    return Optional.ofNullable(peers.get(userId));
  }

  Optional<Peer> peerNamed(String username) {
    return peers.values().stream().filter(p -> p.username.equalsIgnoreCase(username)).findFirst();
  }

  /**
   * Records a device identity key seen for a user. Returns what changed compared to what this device
   * knew: nothing on first contact with the user (trust on first use), a new device, or a changed key.
   */
  Optional<IdentityWarning.Kind> learn(long userId, String username, long deviceId, byte[] identityKey) {
    Peer p = peers.get(userId);
    boolean firstContact = p == null;
    if (firstContact) {
      p = new Peer(userId, username);
      peers.put(userId, p);
    }
    if (!username.isEmpty()) p.username = username;
    byte[] known = p.devices.put(deviceId, identityKey.clone());
    if (firstContact || (known != null && Arrays.equals(known, identityKey))) return Optional.empty();
    return Optional.of(known == null ? IdentityWarning.Kind.NEW_DEVICE : IdentityWarning.Kind.KEY_CHANGED);
  }

  List<Long> knownDevices(long userId) {
    Peer p = peers.get(userId);
    return p == null ? List.of() : new ArrayList<>(p.devices.keySet());
  }

  private void put(SignedPrekeyPair p) {
    signedPrekeys.put(p.id(), p);
  }

  private void put(OneTimePrekeyPair p) {
    oneTime.put(p.id(), p);
  }

  private void put(KemPrekeyPair p) {
    kem.put(p.id(), p);
  }

  /**
   * Notes a change that need not be durable before anything leaves this device (a session started
   * from a fetched bundle, a device learned or dropped): losing it in a crash costs a new fetch, not
   * secrecy. The next {@link #save()} or {@link #saveIfChanged()} writes it. This keeps a burst of
   * key fetches and encryptions to one write of the state instead of one each, which for a large
   * group made the first post quadratic in its size.
   */
  void changed() {
    unsaved = true;
  }

  /** Saves if anything changed since the last save; called before a batch of ciphertexts is flushed. */
  void saveIfChanged() {
    if (unsaved) save();
  }

  /** Writes the whole state through the store (atomically, as the store promises). */
  void save() {
    unsaved = false;
    DeviceState.Builder s = DeviceState.newBuilder()
        .setDeviceKeys(ByteString.copyFrom(keys.toBytes()))
        .setNextPrekeyId(nextPrekeyId)
        .setPrekeysUploaded(uploaded);
    signedPrekeys.values().forEach(p -> s.addSignedPrekeys(
        dev.parley.protocol.sdk.e2e.proto.StoredSignedPrekey.newBuilder().setId(p.id()).setPrivateKey(ByteString.copyFrom(p.toBytes()))));
    oneTime.values().forEach(p -> s.addOneTimePrekeys(stored(p.id(), p.toBytes(), false)));
    kem.values().forEach(p -> s.addKemPrekeys(stored(p.id(), p.toBytes(), p.prekey().lastResort())));
    sessions.forEach((addr, r) -> {
      StoredSession.Builder ss = StoredSession.newBuilder()
          .setUserId(addr.userId()).setDeviceId(addr.deviceId()).setRatchet(ByteString.copyFrom(r.current.toBytes()));
      if (r.pendingHeader != null) ss.setPendingInitialHeader(ByteString.copyFrom(r.pendingHeader));
      r.previous.forEach(p -> ss.addPrevious(ByteString.copyFrom(p.toBytes())));
      s.addSessions(ss);
    });
    for (Peer p : peers.values()) {
      KnownPeer.Builder kp = KnownPeer.newBuilder().setUserId(p.userId).setUsername(p.username).setTimerSeconds(p.timerSeconds);
      p.devices.forEach((id, key) -> kp.addDevices(KnownDevice.newBuilder().setDeviceId(id).setIdentityKey(ByteString.copyFrom(key))));
      s.addPeers(kp);
    }
    groupKeys.writeTo(s);
    owedReceipts.writeTo(s);
    viewOnce.writeTo(s);
    store.save(s.build().toByteArray());
  }

  private static dev.parley.protocol.sdk.e2e.proto.StoredPrekey.Builder stored(int id, byte[] priv, boolean lastResort) {
    return dev.parley.protocol.sdk.e2e.proto.StoredPrekey.newBuilder()
        .setId(id).setPrivateKey(ByteString.copyFrom(priv)).setLastResort(lastResort);
  }
}
