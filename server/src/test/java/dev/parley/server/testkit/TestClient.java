package dev.parley.server.testkit;

import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.protocol.sdk.AccountInfo;
import dev.parley.protocol.sdk.Backoff;
import dev.parley.protocol.sdk.ClientConfig;
import dev.parley.protocol.sdk.ConnectionState;
import dev.parley.protocol.sdk.CryptoStore;
import dev.parley.protocol.sdk.DeliveryCursor;
import dev.parley.protocol.sdk.GroupCursors;
import dev.parley.protocol.sdk.GroupMessage;
import io.netty.channel.EventLoopGroup;
import dev.parley.protocol.sdk.IdentityWarning;
import dev.parley.protocol.sdk.InboundMessage;
import dev.parley.protocol.sdk.MessageListener;
import dev.parley.protocol.sdk.ParleyClient;
import dev.parley.protocol.sdk.SendReceipt;
import dev.parley.protocol.sdk.ServerTrust;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real SDK client for tests: records every message handed to the application, and waits for them
 * with a deadline. A "device" outlives its connections: {@link #reconnect} builds a new SDK client
 * with the same key and delivery cursor, as an app restart would.
 */
public final class TestClient implements AutoCloseable {
  public static final Duration WAIT = Duration.ofSeconds(10);

  private final IdentityKeyPair identity = IdentityKeyPair.generate(new SecureRandom());
  private DeliveryCursor cursor = DeliveryCursor.inMemory();
  private final CryptoStore crypto = CryptoStore.inMemory();
  private final LinkedBlockingQueue<IdentityWarning> warnings = new LinkedBlockingQueue<>();
  private final LinkedBlockingQueue<GroupMessage> groupInbox = new LinkedBlockingQueue<>();
  private final LinkedBlockingQueue<dev.parley.protocol.sdk.TypingEvent> typing = new LinkedBlockingQueue<>();
  private GroupCursors groupCursors = GroupCursors.inMemory();
  private final LinkedBlockingQueue<dev.parley.protocol.sdk.SyncGap> syncGaps = new LinkedBlockingQueue<>();
  private final LinkedBlockingQueue<GroupEvent> groupEvents = new LinkedBlockingQueue<>();
  private Duration groupKeyWait = Duration.ofSeconds(30);
  private volatile java.util.function.Consumer<InboundMessage> onMessage = m -> {};

  /** A group post held for its key ({@code undecryptable} false) or given up as unreadable (true). */
  public record GroupEvent(long groupId, long seq, long senderUserId, boolean undecryptable, String reason) {}
  private final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
  private final LinkedBlockingQueue<dev.parley.protocol.sdk.Receipt> receipts = new LinkedBlockingQueue<>();
  private final LinkedBlockingQueue<dev.parley.protocol.sdk.PresenceInfo> presence = new LinkedBlockingQueue<>();
  private final LinkedBlockingQueue<dev.parley.protocol.sdk.GroupUpdate> groupUpdates = new LinkedBlockingQueue<>();
  private EventLoopGroup sharedLoops;
  private java.time.Clock sdkClock = java.time.Clock.systemUTC();
  private final LinkedBlockingQueue<InboundMessage> inbox = new LinkedBlockingQueue<>();
  private final Map<ParleyClient, LinkedBlockingQueue<ConnectionState>> states = new ConcurrentHashMap<>();
  private final List<InboundMessage> received = new ArrayList<>();
  private ServerEndpoint server;
  private ParleyClient client;
  private AccountInfo account;

  public TestClient(ServerEndpoint server) {
    this.server = server;
  }

  /** Registers a new account with this device and stays connected. */
  public static TestClient registered(ServerEndpoint server, String username) throws Exception {
    return registered(server, username, null);
  }

  /**
   * As {@link #registered(ServerEndpoint, String)}, on a shared event loop group (many clients on few
   * threads) and with small prekey batches: for tests with hundreds of users.
   */
  public static TestClient registered(ServerEndpoint server, String username, EventLoopGroup loops) throws Exception {
    return registered(server, username, loops, java.time.Clock.systemUTC());
  }

  /** As above, with the SDK on {@code clock} (to test what the client does when time passes). */
  public static TestClient registered(ServerEndpoint server, String username, EventLoopGroup loops, java.time.Clock clock)
      throws Exception {
    TestClient c = new TestClient(server);
    c.sdkClock = clock;
    c.sharedLoops = loops;
    c.account = c.newSdkClient().register(username, "test").get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    return c;
  }

  /** Joins an account with {@code code} as this (not yet connected) device. */
  public void linkWith(String code) throws Exception {
    account = newSdkClient().link(code, "linked").get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A new device joining {@code existing}'s account through a link code issued by it. */
  public static TestClient linkedTo(TestClient existing, String deviceName) throws Exception {
    String code = existing.sdk().createLinkCode().get(WAIT.toMillis(), TimeUnit.MILLISECONDS).code();
    TestClient c = new TestClient(existing.server);
    c.account = c.newSdkClient().link(code, deviceName).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    return c;
  }

  private ParleyClient newSdkClient() {
    LinkedBlockingQueue<ConnectionState> stateChanges = new LinkedBlockingQueue<>();
    ClientConfig config =
        ClientConfig.defaults(server.address())
            .withBackoff(new Backoff(Duration.ofMillis(20), Duration.ofMillis(200), 2.0));
    ParleyClient.Builder builder =
        ParleyClient.builder(config, identity)
            .trust(ServerTrust.pinned(server.fingerprint()))
            .cursor(cursor)
            .groupCursors(groupCursors)
            .clock(sdkClock)
            .cryptoStore(crypto)
            .groupKeyWait(groupKeyWait)
            .listener(
                new MessageListener() {
                  @Override
                  public boolean onMessage(InboundMessage message) {
                    inbox.add(message);
                    onMessage.accept(message);
                    return true;
                  }

                  @Override
                  public boolean onGroupMessage(GroupMessage message) {
                    groupInbox.add(message);
                    return true;
                  }

                  @Override
                  public void onSyncGap(dev.parley.protocol.sdk.SyncGap gap) {
                    syncGaps.add(gap);
                  }

                  @Override
                  public void onGroupPostWaiting(long groupId, long seq, long senderUserId, long senderDeviceId) {
                    groupEvents.add(new GroupEvent(groupId, seq, senderUserId, false, ""));
                  }

                  @Override
                  public void onGroupUndecryptable(long groupId, long seq, long senderUserId, long senderDeviceId, String reason) {
                    groupEvents.add(new GroupEvent(groupId, seq, senderUserId, true, reason));
                  }

                  @Override
                  public boolean onEdit(dev.parley.protocol.sdk.MessageEdit edit) {
                    return events.add(edit);
                  }

                  @Override
                  public boolean onDelete(dev.parley.protocol.sdk.MessageDelete delete) {
                    return events.add(delete);
                  }

                  @Override
                  public boolean onReaction(dev.parley.protocol.sdk.MessageReaction reaction) {
                    return events.add(reaction);
                  }

                  @Override
                  public boolean onConversationTimer(dev.parley.protocol.sdk.ConversationTimerChange change) {
                    return events.add(change);
                  }

                  @Override
                  public void onViewOnceExpired(byte[] clientMsgId) {
                    events.add(new ViewOnceExpired(clientMsgId));
                  }

                  @Override
                  public void onGroupDeleted(long groupId, String name) {
                    events.add(new GroupDeleted(groupId, name));
                  }

                  @Override
                  public void onGroupUpdated(dev.parley.protocol.sdk.GroupUpdate update) {
                    groupUpdates.add(update);
                  }

                  @Override
                  public void onServerNotice(String text, long sentAtMs) {
                    events.add(new ServerNotice(text, sentAtMs));
                  }

                  @Override
                  public void onTyping(dev.parley.protocol.sdk.TypingEvent event) {
                    typing.add(event);
                  }

                  @Override
                  public boolean onReceipt(dev.parley.protocol.sdk.Receipt receipt) {
                    receipts.add(receipt);
                    return true;
                  }

                  @Override
                  public void onPresence(dev.parley.protocol.sdk.PresenceInfo info) {
                    presence.add(info);
                  }

                  @Override
                  public void onIdentityWarning(IdentityWarning warning) {
                    warnings.add(warning);
                  }

                  @Override
                  public void onStateChanged(ConnectionState state) {
                    stateChanges.add(state);
                  }
                });
    if (sharedLoops != null) builder.eventLoopGroup(sharedLoops).prekeyBatch(5, 2);
    client = builder.build();
    states.put(client, stateChanges);
    return client;
  }

  /** Closes this device's connection and logs in again (to {@code server}, which may have restarted). */
  public void reconnect(ServerEndpoint to) throws Exception {
    client.close();
    server = to;
    newSdkClient().login(account.userId(), account.deviceId()).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * As an app that hung for good (its SDK client neither closed nor heard from again) and was started
   * again: a new SDK client with this device's saved end-to-end state, cursors and clock, on event
   * loops of its own, logs in; the server replaces the old client's session.
   */
  public void restartAfterHang() throws Exception {
    sharedLoops = null;
    reconnectKeepingOld(server);
  }

  /** Runs {@code hook} in the listener, on the SDK's event loop, after each message is recorded. */
  public void onEachMessage(java.util.function.Consumer<InboundMessage> hook) {
    onMessage = hook;
  }

  /** Logs this device in on a second connection, leaving the first one open (it should be replaced). */
  public void reconnectKeepingOld(ServerEndpoint to) throws Exception {
    server = to;
    newSdkClient().login(account.userId(), account.deviceId()).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Waits until {@code sdk} (possibly an earlier client of this device) reports state {@code wanted}. */
  public void awaitStateOf(ParleyClient sdk, ConnectionState wanted) throws InterruptedException {
    LinkedBlockingQueue<ConnectionState> changes = states.get(sdk);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (sdk.state() != wanted) {
      ConnectionState s = changes.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (s == null && sdk.state() != wanted) throw new AssertionError("state " + sdk.state() + ", wanted " + wanted);
    }
  }

  public SendReceipt send(String to, String text) throws Exception {
    return client.send(to, text.getBytes(StandardCharsets.UTF_8)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Waits until {@code n} more messages arrived; fails after the deadline. */
  public List<InboundMessage> awaitMessages(int n) throws InterruptedException {
    List<InboundMessage> got = new ArrayList<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (got.size() < n) {
      InboundMessage m = inbox.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (m == null) throw new AssertionError("got " + got.size() + " of " + n + " messages within " + WAIT);
      got.add(m);
    }
    received.addAll(got);
    return got;
  }

  /** Waits until {@code n} more group posts arrived; fails after the deadline. */
  public List<GroupMessage> awaitGroupMessages(int n) throws InterruptedException {
    List<GroupMessage> got = new ArrayList<>();
    long deadline = System.nanoTime() + WAIT.toNanos() * 3;
    while (got.size() < n) {
      GroupMessage m = groupInbox.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (m == null) throw new AssertionError(account.username() + " got " + got.size() + " of " + n + " group posts");
      got.add(m);
    }
    return got;
  }

  /** The next group post held for its key, or given up as undecryptable; fails after the deadline. */
  public GroupEvent awaitGroupEvent() throws InterruptedException {
    GroupEvent e = groupEvents.poll(WAIT.toMillis() * 3, TimeUnit.MILLISECONDS);
    if (e == null) throw new AssertionError(account.username() + ": no held or undecryptable group post within " + WAIT.multipliedBy(3));
    return e;
  }

  /** Group events received and not yet awaited. */
  public int queuedGroupEvents() {
    return groupEvents.size();
  }

  /** How long the SDK holds a group post for its key, from the next (re)connection on. */
  public void groupKeyWait(Duration wait) {
    groupKeyWait = wait;
  }

  /** A view-once message's timer ran out. */
  public record ViewOnceExpired(byte[] clientMsgId) {}

  /** A group this user belonged to was deleted. */
  public record GroupDeleted(long groupId, String name) {}

  /** An operator's notice, as {@link MessageListener#onServerNotice} handed it over. */
  public record ServerNotice(String text, long sentAtMs) {}

  /**
   * The next edit, delete, reaction, view-once expiry or group deletion; fails after the deadline or
   * when the next event is of another type.
   */
  public <T> T awaitEvent(Class<T> type) throws InterruptedException {
    Object e = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (e == null) throw new AssertionError("no " + type.getSimpleName() + " within " + WAIT);
    if (!type.isInstance(e)) throw new AssertionError("expected a " + type.getSimpleName() + ", got " + e);
    return type.cast(e);
  }

  /** Edits, deletes, reactions and other events received and not yet awaited. */
  public int queuedEvents() {
    return events.size();
  }

  /** The next group change pushed to this device (kept apart from {@link #awaitEvent}'s events); fails after the deadline. */
  public dev.parley.protocol.sdk.GroupUpdate awaitGroupUpdate() throws InterruptedException {
    var u = groupUpdates.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (u == null) throw new AssertionError("no group update within " + WAIT);
    return u;
  }

  /** Group changes received and not yet awaited. */
  public int queuedGroupUpdates() {
    return groupUpdates.size();
  }

  /** The next typing event; fails after the deadline. */
  public dev.parley.protocol.sdk.TypingEvent awaitTyping() throws InterruptedException {
    var e = typing.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (e == null) throw new AssertionError("no typing event within " + WAIT);
    return e;
  }

  /** The next sync gap the SDK reported; fails after the deadline. */
  public dev.parley.protocol.sdk.SyncGap awaitSyncGap() throws InterruptedException {
    var g = syncGaps.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (g == null) throw new AssertionError("no sync gap within " + WAIT);
    return g;
  }

  /** Sync gaps reported and not yet awaited. */
  public int queuedSyncGaps() {
    return syncGaps.size();
  }

  /**
   * Forgets what this device handed to the application (fresh cursors from the next connection on),
   * as an app that lost its local database would.
   */
  public void forgetCursors() {
    cursor = DeliveryCursor.inMemory();
    groupCursors = GroupCursors.inMemory();
  }

  /** The next receipt; fails after the deadline. */
  public dev.parley.protocol.sdk.Receipt awaitReceipt() throws InterruptedException {
    var r = receipts.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (r == null) throw new AssertionError(account.username() + " got no receipt within " + WAIT);
    return r;
  }

  /** Receipts received and not yet awaited, taken off the queue. */
  public List<dev.parley.protocol.sdk.Receipt> drainReceipts() {
    List<dev.parley.protocol.sdk.Receipt> out = new ArrayList<>();
    receipts.drainTo(out);
    return out;
  }

  /** Receipts received and not yet awaited. */
  public int queuedReceipts() {
    return receipts.size();
  }

  /** The next presence notice; fails after the deadline. */
  public dev.parley.protocol.sdk.PresenceInfo awaitPresence() throws InterruptedException {
    var p = presence.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (p == null) throw new AssertionError(account.username() + " got no presence notice within " + WAIT);
    return p;
  }

  /** Presence notices received and not yet awaited. */
  public int queuedPresence() {
    return presence.size();
  }

  /** Typing events received and not yet awaited. */
  public int queuedTyping() {
    return typing.size();
  }

  /** Group posts waiting in the local queue (to check nothing extra arrived). */
  public int queuedGroupMessages() {
    return groupInbox.size();
  }

  /** Texts of {@link #awaitMessages}. */
  public List<String> awaitTexts(int n) throws InterruptedException {
    return awaitMessages(n).stream().map(m -> new String(m.body(), StandardCharsets.UTF_8)).toList();
  }

  /** Waits until the current SDK client reports {@code wanted}. */
  public void awaitState(ConnectionState wanted) throws InterruptedException {
    awaitStateOf(client, wanted);
  }

  /** Identity warnings raised so far (drained). */
  public List<IdentityWarning> drainWarnings() {
    List<IdentityWarning> out = new ArrayList<>();
    warnings.drainTo(out);
    return out;
  }

  /** Messages waiting in the local queue without blocking (to check nothing extra arrived). */
  public int queued() {
    return inbox.size();
  }

  public ParleyClient sdk() {
    return client;
  }

  public AccountInfo account() {
    return account;
  }

  public IdentityKeyPair identity() {
    return identity;
  }

  @Override
  public void close() {
    client.close();
  }
}
