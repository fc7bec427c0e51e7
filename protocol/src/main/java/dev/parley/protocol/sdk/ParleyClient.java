package dev.parley.protocol.sdk;

import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.protocol.sdk.AuthIntent.LoginDevice;
import dev.parley.protocol.sdk.AuthIntent.RegisterDevice;
import dev.parley.protocol.sdk.e2e.proto.Content;
import dev.parley.protocol.transport.NettyTransport;
import dev.parley.protocol.v1.ClientFrame;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.protocol.v1.GoingAway;
import dev.parley.protocol.v1.GoingAwayReason;
import dev.parley.protocol.v1.Limits;
import dev.parley.protocol.v1.Goodbye;
import dev.parley.protocol.v1.SendAck;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.protocol.v1.WhoAmI;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;

/**
 * A Parley client: one device's persistent connection to a server.
 *
 * <p>Usage: build it, then {@link #register} once (a new account and device) or {@link #login} (a
 * device registered before). From then on the client stays connected: when the connection drops it
 * reconnects with jittered exponential backoff, logs in again, and re-sends every unacknowledged
 * {@link #send} with its original client message id, so the server stores each message once.
 * Deliveries reach the {@link MessageListener} exactly once and in inbox order, deduplicated through
 * the {@link DeliveryCursor}.
 *
 * <p>Thread safety: every public method may be called from any thread and returns without blocking
 * (except {@link #close()}). All state lives on one event loop; futures and listener callbacks
 * complete on it, so callers must not block inside them.
 */
public final class ParleyClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ParleyClient.class);
  /** Reconnects after RETRY_LATER before the first login succeeds, before register/login fails with it. */
  static final int MAX_FIRST_CONTACT_RETRIES = 8;
  /** Retries of one request (not a send) refused with RETRY_LATER before it fails with it. */
  static final int MAX_REQUEST_RETRIES = 4;
  private final ClientConfig config;
  private final IdentityKeyPair identity;
  private final MessageListener listener;
  private final DeliveryCursor cursor;
  private final EventLoopGroup ownedGroup;
  private final EventLoop loop;
  private final NettyTransport transport;
  private final PinningTrustManager trustManager;
  private final SslContext sslContext;
  private final RandomGenerator random;
  private final ResumptionStore resumption;

  // Confined to loop.
  private final Outbox.RequestIds requestIds = new Outbox.RequestIds();
  private final Keyring keyring;
  private final Sealer sealer;
  private final SendPump sends;
  private final DeviceDirectory directory;
  private final GroupOutbox groupOutbox;
  private final GroupCursors groupCursors;
  private final GroupPostPump groupPosts;
  private final GroupPostOpener groupOpener;
  private final HistoryReader history;
  private final Duration groupKeyWait;
  private final GroupReceiptGate receiptGate;
  private final ReceiptBatcher receipts;
  private final PresenceFollower presence;
  private final boolean readReceipts;
  private final java.time.Clock clock;
  private final int syncPageLimit;
  private final ViewOnceTimers viewOnce;
  private final InboundContent inbound;
  private final Map<Long, PendingRequest> requests = new HashMap<>();
  private final Retries retries;
  /** A login refused with RETRY_LATER: the connection closes, and the next one waits at least this long. */
  private ParleyException refusedForNow;
  private int firstContactRetries;
  private ClientConnection current;
  private AuthIntent intent;
  private CompletableFuture<AccountInfo> authResult;
  private AccountInfo account;
  private boolean everAuthenticated;
  private boolean stopped;
  private int attempt;
  private volatile ConnectionState state = ConnectionState.DISCONNECTED;
  private Limits serverLimits = Limits.getDefaultInstance();
  private final AtomicBoolean closing = new AtomicBoolean();

  private ParleyClient(Builder b) {
    this.config = b.config;
    this.identity = b.identity;
    this.listener = b.listener;
    this.cursor = b.cursor;
    this.transport = NettyTransport.best();
    this.ownedGroup = b.group == null ? transport.newGroup(1, "parley-client") : null;
    this.loop = (b.group == null ? ownedGroup : b.group).next();
    this.trustManager = new PinningTrustManager(b.trust);
    this.sslContext = ClientTls.context(trustManager);
    this.random = b.random;
    this.resumption = b.resumption;
    RetryScheduler scheduler = b.retryScheduler != null
        ? b.retryScheduler
        : (delay, task) -> loop.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    this.retries = new Retries(scheduler, b.config.backoff(), b.random, this::onLoop);
    SecureRandom secure = b.random instanceof SecureRandom sr ? sr : new SecureRandom();
    this.keyring = Keyring.load(b.cryptoStore, b.identity, secure);
    keyring.batchSizes(b.oneTimeBatch, b.kemBatch);
    this.sealer = new Sealer(keyring, secure);
    SendPreparer preparer = new SendPreparer(keyring, sealer, this::request, this::warn);
    this.sends = new SendPump(
        requestIds, preparer, this::authenticatedChannel, () -> account, () -> serverLimits, retries,
        keyring::saveIfChanged);
    this.groupOutbox = new GroupOutbox(requestIds, retries, this::authenticatedChannel);
    this.groupCursors = b.groupCursors;
    this.clock = b.clock;
    this.syncPageLimit = b.syncPageLimit;
    this.directory = new DeviceDirectory(keyring, b.identity, this::request, this::warn, () -> account);
    SenderKeyDistributor distributor =
        new SenderKeyDistributor(keyring, secure, sends::submit, preparer::sessionsWith, () -> account);
    this.groupPosts = new GroupPostPump(this::request, distributor, new GroupPostSealer(keyring, b.identity, secure),
        groupOutbox, this::authenticatedChannel, () -> account, () -> serverLimits);
    this.groupOpener = new GroupPostOpener(keyring);
    this.history = new HistoryReader(this::request, groupOpener, directory, b.clock, this::onLoop);
    this.groupKeyWait = b.groupKeyWait;
    this.viewOnce = new ViewOnceTimers(
        loop, b.clock, keyring.viewOnce(), keyring::changed, keyring::save, id -> listener.onViewOnceExpired(id));
    this.inbound = new InboundContent(() -> listener, () -> account, viewOnce, this::keepTimer);
    this.readReceipts = b.readReceipts;
    this.receiptGate = new GroupReceiptGate(this::groups, () -> serverLimits.getMaxReceiptGroupMembers(), b.clock);
    this.receipts = new ReceiptBatcher(keyring.owedReceipts(), keyring::changed, this::sendOwn, receiptGate, this::newClientMsgId);
    this.presence = new PresenceFollower(this::request);
  }

  /** Starts building a client that connects as the device holding {@code identity}. */
  public static Builder builder(ClientConfig config, IdentityKeyPair identity) {
    return new Builder(config, identity);
  }

  /**
   * Creates a new account named {@code username} with this client's identity key as its first
   * device, and stays logged in as that device. Fails with {@link ParleyException} (USERNAME_TAKEN,
   * INVALID_USERNAME, RETRY_LATER...), {@link TrustException} or {@link ConnectionException}.
   */
  public CompletableFuture<AccountInfo> register(String username, String deviceName) {
    return register(username, deviceName, "");
  }

  /**
   * As {@link #register(String, String)}, on a server whose registration mode is "invite", with a
   * code its operator created ({@code parley admin invites create}). A missing, used-up, expired or
   * revoked code fails with {@link ParleyException} INVITE_INVALID.
   */
  public CompletableFuture<AccountInfo> register(String username, String deviceName, String inviteCode) {
    return startSession(new RegisterDevice(username, deviceName, java.util.Objects.requireNonNull(inviteCode, "inviteCode")));
  }

  /**
   * Joins the account whose device issued {@code linkCode} ({@link #createLinkCode()} on that
   * device) as a new device with this client's identity key, and stays logged in as it.
   */
  public CompletableFuture<AccountInfo> link(String linkCode, String deviceName) {
    return startSession(new AuthIntent.LinkNewDevice(linkCode, deviceName));
  }

  /** Logs in as an existing device and stays logged in, reconnecting as needed. */
  public CompletableFuture<AccountInfo> login(long userId, long deviceId) {
    return startSession(new LoginDevice(userId, deviceId));
  }

  /** Sends {@code body} to every device of the user named {@code recipientUsername}. */
  public CompletableFuture<SendReceipt> send(String recipientUsername, byte[] body) {
    CompletableFuture<Duration> timer = new CompletableFuture<>();
    onLoop(() -> timer.complete(conversationTimerNow(recipientUsername)));
    return timer.thenCompose(ttl -> send(recipientUsername, body, ttl));
  }

  /**
   * Sets the disappearing-message timer of the 1:1 conversation with {@code username} for both
   * participants: it travels end-to-end encrypted to their devices (and this user's other devices),
   * and from then on {@link #send(String, byte[])} on either side gives every message this time to
   * live. {@link Duration#ZERO} turns it off. Completes once the server stored the change.
   */
  public CompletableFuture<SendReceipt> setConversationTimer(String username, Duration ttl) {
    if (ttl.isNegative()) throw new IllegalArgumentException("a timer is zero or more");
    Content change = Content.newBuilder()
        .setTimer(dev.parley.protocol.sdk.e2e.proto.ConversationTimer.newBuilder().setSeconds(ttl.toSeconds()))
        .build();
    return sendContent(username, change, Duration.ZERO).thenApplyAsync(receipt -> {
      keyring.peerNamed(username).ifPresent(p -> keepTimer(p.userId, p.username, ttl.toSeconds()));
      return receipt;
    }, loop);
  }

  /** The conversation's disappearing-message timer with {@code username} as this device knows it. */
  public CompletableFuture<Duration> conversationTimer(String username) {
    CompletableFuture<Duration> out = new CompletableFuture<>();
    onLoop(() -> out.complete(conversationTimerNow(username)));
    return out;
  }

  private Duration conversationTimerNow(String username) {
    return Duration.ofSeconds(keyring.peerNamed(username).map(p -> p.timerSeconds).orElse(0L));
  }

  /** On the loop: remembers a conversation's timer with the rest of the end-to-end state. */
  private void keepTimer(long peerUserId, String peerUsername, long seconds) {
    Keyring.Peer p = keyring.peer(peerUserId).orElse(null);
    if (p == null) return; // never talked to: there is no conversation to time yet
    p.timerSeconds = seconds;
    keyring.save();
  }

  /**
   * Sends {@code body} to every device of the user named {@code recipientUsername}, to be deleted
   * unread after {@code ttl} (zero: kept until delivered). Completes once the server has stored it
   * durably; survives reconnects. Fails with {@link ParleyException} when the server refuses it.
   */
  public CompletableFuture<SendReceipt> send(String recipientUsername, byte[] body, Duration ttl) {
    byte[] clientMsgId = newClientMsgId();
    return send(recipientUsername, clientMsgId, body, ttl);
  }

  /**
   * As {@link #send(String, byte[], Duration)}, with a caller-chosen 16-byte client message id. The
   * body is encrypted separately for every device of the recipient and every other device of this
   * account; sessions are set up as needed from the server's key directory.
   */
  public CompletableFuture<SendReceipt> send(String recipientUsername, byte[] clientMsgId, byte[] body, Duration ttl) {
    if (clientMsgId.length != 16) throw new IllegalArgumentException("clientMsgId must be 16 bytes");
    return sendContent(recipientUsername, clientMsgId, Contents.message(body), ttl);
  }

  private CompletableFuture<SendReceipt> sendContent(String recipientUsername, Content content, Duration ttl) {
    byte[] clientMsgId = newClientMsgId();
    return sendContent(recipientUsername, clientMsgId, content, ttl);
  }

  private CompletableFuture<SendReceipt> sendContent(String recipientUsername, byte[] clientMsgId, Content content, Duration ttl) {
    CompletableFuture<SendReceipt> result = new CompletableFuture<>();
    Outbox.PendingSend pending = new Outbox.PendingSend(recipientUsername, clientMsgId, content, ttl, result);
    onLoop(
        () -> {
          if (stopped) result.completeExceptionally(new IllegalStateException("client closed"));
          else sends.submit(pending);
        });
    // Someone this user writes to may see this user's presence (CONTACTS): declared once, after it
    // worked. Acks complete on the loop, so the declaration is written before the caller hears back
    // (and before a close() that follows).
    return result.thenApply(receipt -> {
      presence.sentTo(recipientUsername);
      return receipt;
    });
  }

  /** Sends SDK content (a receipt) like a message; never a contact declaration. On the loop. */
  private CompletableFuture<SendReceipt> sendOwn(String recipientUsername, byte[] clientMsgId, Content content) {
    CompletableFuture<SendReceipt> result = new CompletableFuture<>();
    if (stopped) {
      result.completeExceptionally(new IllegalStateException("client closed"));
    } else {
      sends.submit(new Outbox.PendingSend(recipientUsername, clientMsgId, content, Duration.ZERO, result));
    }
    return result;
  }

  // ---------------------------------------------------------------------------------------------
  // Receipts and presence

  /**
   * Tells the senders of {@code messages} (and this account's other devices) that they were read.
   * One receipt message per sender; messages this account sent are skipped. Does nothing when read
   * receipts are off ({@link Builder#readReceipts}). Completes once the server stored the receipts;
   * they survive reconnects like sends, and a restart too (the next client sends what is owed after
   * its first login; docs/conversations.md, "Receipts"). The future of a client that closes first fails.
   */
  public CompletableFuture<Void> markRead(List<InboundMessage> messages) {
    Map<String, List<com.google.protobuf.ByteString>> bySender = new java.util.LinkedHashMap<>();
    for (InboundMessage m : messages) {
      if (m.sentByThisAccount()) continue;
      bySender.computeIfAbsent(m.senderUsername(), k -> new java.util.ArrayList<>())
          .add(com.google.protobuf.ByteString.copyFrom(m.clientMsgId()));
    }
    return onLoopFuture(() -> allOf(bySender.entrySet().stream()
        .map(e -> receipts.read(e.getKey(), e.getValue())).toList()));
  }

  /**
   * As {@link #markRead(List)} for group posts: one read receipt per poster and group, sent only in
   * groups with at most the server's receipt limit of members, never in channels.
   */
  public CompletableFuture<Void> markGroupRead(List<GroupMessage> posts) {
    record Key(String poster, long group) {}
    Map<Key, List<Long>> byPoster = new java.util.LinkedHashMap<>();
    for (GroupMessage m : posts) {
      if (m.channel() || (account != null && m.senderUserId() == account.userId())) continue;
      byPoster.computeIfAbsent(new Key(m.senderUsername(), m.groupId()), k -> new java.util.ArrayList<>()).add(m.seq());
    }
    return onLoopFuture(() -> allOf(byPoster.entrySet().stream()
        .map(e -> receipts.readPosts(e.getKey().poster(), e.getKey().group(), e.getValue())).toList()));
  }

  private CompletableFuture<Void> onLoopFuture(java.util.function.Supplier<CompletableFuture<Void>> work) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    onLoop(() -> {
      if (!readReceipts) {
        result.complete(null);
        return;
      }
      work.get().whenComplete((ok, err) -> {
        if (err != null) result.completeExceptionally(err);
        else result.complete(null);
      });
    });
    return result;
  }

  private static CompletableFuture<Void> allOf(List<CompletableFuture<Void>> all) {
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
  }

  /**
   * Follows the presence of {@code usernames} on this connection and every later one, replacing the
   * previous list (empty: follow no one). Completes with their presence now; changes then reach
   * {@link MessageListener#onPresence}. Users who do not let this user see them come back HIDDEN.
   */
  public CompletableFuture<List<PresenceInfo>> followPresence(List<String> usernames) {
    CompletableFuture<List<PresenceInfo>> result = new CompletableFuture<>();
    onLoop(() -> presence.follow(usernames).whenComplete((ok, err) -> {
      if (err != null) result.completeExceptionally(err);
      else result.complete(ok);
    }));
    return result;
  }

  /** Sets who may see this user's presence; completes with the stored setting. */
  public CompletableFuture<PresenceVisibility> setPresenceVisibility(PresenceVisibility visibility) {
    return request(ClientFrame.newBuilder().setSetPresencePrivacy(
            dev.parley.protocol.v1.SetPresencePrivacy.newBuilder().setVisibility(visibility.wire())))
        .thenApply(f -> PresenceVisibility.of(f.getPresencePrivacy().getVisibility()));
  }

  /** Who may see this user's presence now (CONTACTS unless changed). */
  public CompletableFuture<PresenceVisibility> presenceVisibility() {
    return request(ClientFrame.newBuilder().setSetPresencePrivacy(dev.parley.protocol.v1.SetPresencePrivacy.getDefaultInstance()))
        .thenApply(f -> PresenceVisibility.of(f.getPresencePrivacy().getVisibility()));
  }

  /**
   * Adds users to this user's contact list (who may see its presence under CONTACTS); sending a user
   * a message adds them too. Unknown usernames are skipped. Completes with the list's size.
   */
  public CompletableFuture<Integer> addContacts(List<String> usernames) {
    return updateContacts(usernames, List.of());
  }

  /** Removes users from this user's contact list; they stop seeing its presence under CONTACTS at once. */
  public CompletableFuture<Integer> removeContacts(List<String> usernames) {
    return updateContacts(List.of(), usernames);
  }

  private CompletableFuture<Integer> updateContacts(List<String> add, List<String> remove) {
    CompletableFuture<Integer> result = new CompletableFuture<>();
    onLoop(() -> presence.update(add, remove).whenComplete((n, err) -> {
      if (err != null) result.completeExceptionally(err);
      else result.complete(n);
    }));
    return result;
  }

  ReceiptBatcher receipts() {
    return receipts;
  }

  /** A one-time code with which a new device joins this account ({@link #link} on the new device). */
  public CompletableFuture<LinkCodeInfo> createLinkCode() {
    return directory.createLinkCode();
  }

  /** This account's devices. */
  public CompletableFuture<List<DeviceSummary>> devices() {
    return directory.devices();
  }

  /** Removes one of this account's devices; its session is closed and its inbox and keys deleted. */
  public CompletableFuture<Void> revokeDevice(long deviceId) {
    return directory.revoke(deviceId);
  }

  /**
   * The safety numbers of this device with each device of {@code username}, from the identity keys
   * the server lists. Compare them with the peer over another channel; a difference means someone
   * presents a key that is not theirs. Also raises {@link IdentityWarning}s for changes.
   */
  public CompletableFuture<List<SafetyNumberEntry>> safetyNumbers(String username) {
    return directory.safetyNumbers(username);
  }

  // ---------------------------------------------------------------------------------------------
  // Groups and channels. A GROUP or CHANNEL argument is a name (or a numeric id).

  /** Creates a group with this user as owner and {@code members} as members. */
  public CompletableFuture<GroupSummary> createGroup(String name, List<String> members, Duration messageTtl) {
    return groupInfo(ClientFrame.newBuilder().setCreateGroup(dev.parley.protocol.v1.CreateGroup.newBuilder()
        .setKind(dev.parley.protocol.v1.ConversationKind.GROUP).setName(name).addAllMembers(members)
        .setMessageTtlSeconds(messageTtl.toSeconds())));
  }

  /** Creates a channel (only admins post; anyone joins by name) with this user as owner. */
  public CompletableFuture<GroupSummary> createChannel(String name) {
    return groupInfo(ClientFrame.newBuilder().setCreateGroup(dev.parley.protocol.v1.CreateGroup.newBuilder()
        .setKind(dev.parley.protocol.v1.ConversationKind.CHANNEL).setName(name)));
  }

  public CompletableFuture<GroupSummary> addMembers(String group, List<String> usernames) {
    return groupInfo(ClientFrame.newBuilder().setAddMembers(
        dev.parley.protocol.v1.AddMembers.newBuilder().setGroup(ref(group)).addAllUsernames(usernames)));
  }

  public CompletableFuture<GroupSummary> removeMembers(String group, List<String> usernames) {
    return groupInfo(ClientFrame.newBuilder().setRemoveMembers(
        dev.parley.protocol.v1.RemoveMembers.newBuilder().setGroup(ref(group)).addAllUsernames(usernames)));
  }

  /**
   * Tells {@code username}'s live devices that this user is (or stopped) typing. Ephemeral and best
   * effort: dropped while disconnected or when the server is loaded.
   */
  public void typing(String username, boolean typing) {
    sendTyping(dev.parley.protocol.v1.Typing.newBuilder().setUsername(username).setTyping(typing));
  }

  /** As {@link #typing(String, boolean)}, to the live member devices of a group. */
  public void typingInGroup(String group, boolean typing) {
    sendTyping(dev.parley.protocol.v1.Typing.newBuilder().setGroup(ref(group)).setTyping(typing));
  }

  private void sendTyping(dev.parley.protocol.v1.Typing.Builder t) {
    onLoop(() -> {
      Channel ch = authenticatedChannel();
      if (ch != null) ch.writeAndFlush(ClientFrame.newBuilder().setTyping(t).build());
    });
  }

  /** Makes a member an admin ({@code admin} true) or an admin a member again; owner only. */
  public CompletableFuture<GroupSummary> setAdmin(String group, String username, boolean admin) {
    return groupInfo(ClientFrame.newBuilder().setSetRole(dev.parley.protocol.v1.SetRole.newBuilder()
        .setGroup(ref(group)).setUsername(username)
        .setRole(admin ? dev.parley.protocol.v1.Role.ADMIN : dev.parley.protocol.v1.Role.MEMBER)));
  }

  /**
   * Hands a group or channel this user owns to {@code username}, a member, who becomes its owner;
   * this user becomes an admin. Done in one write on the server: the group always has exactly one
   * owner. Completes with the group as this user now sees it (role ADMIN). Fails with NOT_ALLOWED
   * when this user is not the owner, USER_NOT_FOUND when {@code username} is unknown or no member.
   */
  public CompletableFuture<GroupSummary> transferOwnership(String group, String username) {
    return groupInfo(ClientFrame.newBuilder().setSetRole(dev.parley.protocol.v1.SetRole.newBuilder()
        .setGroup(ref(group)).setUsername(username).setRole(dev.parley.protocol.v1.Role.OWNER)));
  }

  /**
   * Leaves a group or channel. The owner may leave too: the admin with the lowest user id becomes
   * the owner; with other members but no admin it fails with NOT_ALLOWED (promote someone or
   * {@link #transferOwnership} first); an owner who is the only member deletes the group by leaving
   * (the answer then has no members, and {@link MessageListener#onGroupDeleted} follows).
   */
  public CompletableFuture<GroupSummary> leaveGroup(String group) {
    return groupInfo(ClientFrame.newBuilder().setLeaveGroup(dev.parley.protocol.v1.LeaveGroup.newBuilder().setGroup(ref(group))));
  }

  public CompletableFuture<GroupSummary> joinChannel(String name) {
    return groupInfo(ClientFrame.newBuilder().setJoinChannel(dev.parley.protocol.v1.JoinChannel.newBuilder().setName(name)));
  }

  /**
   * Creates an invite link to a group or channel (owners and admins): whoever has it joins as a
   * member. {@code ttl} zero means it does not expire.
   */
  public CompletableFuture<GroupInviteInfo> createInvite(String group, Duration ttl) {
    return request(ClientFrame.newBuilder().setCreateGroupInvite(dev.parley.protocol.v1.CreateGroupInvite.newBuilder()
            .setGroup(ref(group)).setTtlSeconds(ttl.toSeconds())))
        .thenApply(f -> GroupInviteInfo.of(f.getInviteLink()));
  }

  /** Joins the group or channel of an invite link (or its bare code). */
  public CompletableFuture<GroupSummary> joinByInvite(String linkOrCode) {
    return groupInfo(ClientFrame.newBuilder().setJoinByInvite(dev.parley.protocol.v1.JoinByInvite.newBuilder().setCode(linkOrCode)));
  }

  /** Revokes an invite link (owners and admins of its group); later joins with it are refused. */
  public CompletableFuture<GroupInviteInfo> revokeInvite(String linkOrCode) {
    return request(ClientFrame.newBuilder().setRevokeGroupInvite(
            dev.parley.protocol.v1.RevokeGroupInvite.newBuilder().setCode(linkOrCode)))
        .thenApply(f -> GroupInviteInfo.of(f.getInviteLink()));
  }

  /** The group's members (the first 1,000). */
  public CompletableFuture<List<GroupMember>> groupMembers(String group) {
    return request(ClientFrame.newBuilder().setListMembers(dev.parley.protocol.v1.ListMembers.newBuilder().setGroup(ref(group))))
        .thenApply(f -> f.getMemberList().getMembersList().stream()
            .map(m -> new GroupMember(m.getUserId(), m.getUsername(), m.getRole().name()))
            .toList());
  }

  /** The groups and channels this user belongs to. */
  public CompletableFuture<List<GroupSummary>> groups() {
    return request(ClientFrame.newBuilder().setListGroups(dev.parley.protocol.v1.ListGroups.getDefaultInstance()))
        .thenApply(f -> f.getGroupList().getGroupsList().stream().map(GroupSummary::of).toList());
  }

  /**
   * Posts {@code body} to a group or channel; completes once the server stored it (once, in the
   * group's log); survives reconnects like {@link #send}. In an end-to-end group the post is
   * encrypted once under this device's sender key, which is first given (or, after someone left,
   * renewed and given) to every member device through the pairwise sessions; in a channel or a large
   * group it is signed with this device's identity key and readable by the server (docs/security.md).
   */
  public CompletableFuture<SendReceipt> sendToGroup(String group, byte[] body, Duration ttl) {
    return postToGroup(dev.parley.protocol.v1.GroupSend.newBuilder().setGroup(ref(group)).setTtlSeconds(ttl.toSeconds()),
        Contents.message(body));
  }

  // ---------------------------------------------------------------------------------------------
  // Edits, deletes for everyone, reactions and view-once (docs/conversations.md). For 1:1 messages
  // they travel end-to-end encrypted like any message and are checked by the receiving SDK; in
  // groups the server checks edits and deletes and changes the stored post.

  /**
   * Sends a message to be shown once: the recipient's SDK hands it over with {@code viewOnce} set
   * and, {@code expireAfterRead} after the recipient's {@link #markViewed}, tells its application
   * to forget it. A modified client can of course keep it.
   */
  public CompletableFuture<SendReceipt> sendViewOnce(String recipientUsername, byte[] body, Duration expireAfterRead) {
    return sendContent(recipientUsername, Contents.viewOnce(body, expireAfterRead), Duration.ZERO);
  }

  /**
   * Replaces the body of a message this user sent to {@code recipientUsername} (named by its client
   * message id). Receivers apply it only within 48 h of the original.
   */
  public CompletableFuture<SendReceipt> edit(String recipientUsername, byte[] targetClientMsgId, byte[] newBody) {
    return sendContent(recipientUsername, Contents.edit(Contents.direct(targetClientMsgId), newBody), Duration.ZERO);
  }

  /** Deletes for everyone a message this user sent to {@code recipientUsername}. */
  public CompletableFuture<SendReceipt> deleteForEveryone(String recipientUsername, byte[] targetClientMsgId) {
    return sendContent(recipientUsername, Contents.delete(Contents.direct(targetClientMsgId)), Duration.ZERO);
  }

  /** Reacts to a message of the conversation with {@code recipientUsername}, or takes the reaction back. */
  public CompletableFuture<SendReceipt> react(String recipientUsername, byte[] targetClientMsgId, String emoji, boolean remove) {
    return sendContent(recipientUsername, Contents.reaction(Contents.direct(targetClientMsgId), emoji, remove), Duration.ZERO);
  }

  /** As {@link #sendViewOnce}, to a group or channel. */
  public CompletableFuture<SendReceipt> sendViewOnceToGroup(String group, byte[] body, Duration expireAfterRead) {
    return postToGroup(dev.parley.protocol.v1.GroupSend.newBuilder().setGroup(ref(group)), Contents.viewOnce(body, expireAfterRead));
  }

  /**
   * Replaces the body of this user's post at {@code seq}, within 48 h of it (else EDIT_WINDOW_PASSED).
   * The server stores the new body in place of the old and appends the edit for members who had it.
   */
  public CompletableFuture<SendReceipt> editInGroup(String group, long seq, byte[] newBody) {
    return postToGroup(dev.parley.protocol.v1.GroupSend.newBuilder().setGroup(ref(group)).setEditsSeq(seq),
        Contents.edit(Contents.group(seq), newBody));
  }

  /**
   * Deletes the post at {@code seq} for everyone: this user's own, or anyone's for the owner and
   * admins (else NOT_ALLOWED). The server deletes the stored body.
   */
  public CompletableFuture<SendReceipt> deleteInGroup(String group, long seq) {
    return postToGroup(dev.parley.protocol.v1.GroupSend.newBuilder().setGroup(ref(group)).setDeletesSeq(seq),
        Contents.delete(Contents.group(seq)));
  }

  /** Reacts to the post at {@code seq}, or takes the reaction back; posted like a post. */
  public CompletableFuture<SendReceipt> reactInGroup(String group, long seq, String emoji, boolean remove) {
    return postToGroup(dev.parley.protocol.v1.GroupSend.newBuilder().setGroup(ref(group)),
        Contents.reaction(Contents.group(seq), emoji, remove));
  }

  /**
   * The application showed the view-once message with this client message id: its timer starts, by
   * the builder's clock, and is saved at once with the end-to-end state. Completes once {@link
   * MessageListener#onViewOnceExpired} was called; fails when no unviewed view-once message has that
   * id, and when the client closes first (a later client of this device expires it on time, or at
   * once after it starts if the time ran out meanwhile).
   */
  public CompletableFuture<Void> markViewed(byte[] clientMsgId) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    onLoop(() -> viewOnce.viewed(clientMsgId).whenComplete((v, err) -> {
      if (err != null) result.completeExceptionally(err);
      else result.complete(null);
    }));
    return result;
  }

  /** Renames a group or channel (owner and admins). */
  public CompletableFuture<GroupSummary> renameGroup(String group, String newName) {
    return groupInfo(ClientFrame.newBuilder().setRenameGroup(
        dev.parley.protocol.v1.RenameGroup.newBuilder().setGroup(ref(group)).setName(newName)));
  }

  /**
   * Changes a group's settings (owner and admins): whether only admins post, and the message timer
   * (zero: off). A null argument leaves that setting as it is.
   */
  public CompletableFuture<GroupSummary> updateGroupSettings(String group, Boolean onlyAdminsPost, Duration messageTtl) {
    var req = dev.parley.protocol.v1.UpdateGroupSettings.newBuilder().setGroup(ref(group));
    if (onlyAdminsPost != null) req.setOnlyAdminsPost(onlyAdminsPost);
    if (messageTtl != null) req.setMessageTtlSeconds(messageTtl.toSeconds());
    return groupInfo(ClientFrame.newBuilder().setUpdateGroupSettings(req));
  }

  /** Deletes a group or channel with all its posts (owner only); completes with its id. */
  public CompletableFuture<Long> deleteGroup(String group) {
    return request(ClientFrame.newBuilder().setDeleteGroup(dev.parley.protocol.v1.DeleteGroup.newBuilder().setGroup(ref(group))))
        .thenApply(f -> f.getGroupDeleted().getGroupId());
  }

  /**
   * Older posts of a group or channel on demand, like Telegram's getHistory: the newest readable
   * entries with a seq below {@code beforeSeq} (0: from the newest), oldest first, at most {@code
   * limit} (0, or more than the server's {@code sync.history-page-size}, gives that size; a page is
   * also cut to fit a frame). Page back with {@link HistoryPage#nextBeforeSeq()} while {@link
   * HistoryPage#more()}. This is how an application reads what a {@link SyncGap} skipped.
   *
   * <p>A pull API: the entries are returned, never handed to the {@link MessageListener}; no cursor
   * moves and nothing is acknowledged, so live delivery goes on exactly as without it. A member
   * reads back to the point its user joined. Posts are opened with the keys this device holds,
   * without using them up: in an end-to-end group, forward secrecy means a post this device already
   * read (its message key is deleted), or one sent before it got the sender's key, comes back as
   * {@link HistoryEntry.Unreadable}, never as an exception; so does a signed post that does not
   * verify. Fails with {@link ConnectionException} when not logged in, and with {@link
   * ParleyException} ({@code GROUP_NOT_FOUND}) for a group this user is not a member of.
   *
   * @param group a name, or a numeric id (an all-digits argument is an id)
   */
  public CompletableFuture<HistoryPage> history(String group, long beforeSeq, int limit) {
    if (!group.isEmpty() && group.chars().allMatch(Character::isDigit)) {
      return history(Long.parseLong(group), beforeSeq, limit);
    }
    // GetHistory names a group by id (as Sync does): a name is looked up among this user's groups.
    return groups().thenCompose(all -> all.stream()
        .filter(g -> g.name().equalsIgnoreCase(group))
        .findFirst()
        .map(g -> history(g.groupId(), beforeSeq, limit))
        .orElseGet(() -> CompletableFuture.failedFuture(new ParleyException(
            ErrorCode.GROUP_NOT_FOUND, "no group or channel " + group + " among this user's", Duration.ZERO))));
  }

  /** As {@link #history(String, long, int)}, by group id. */
  public CompletableFuture<HistoryPage> history(long groupId, long beforeSeq, int limit) {
    if (groupId <= 0 || beforeSeq < 0 || limit < 0) {
      throw new IllegalArgumentException("need groupId > 0, beforeSeq >= 0, limit >= 0");
    }
    return history.page(groupId, beforeSeq, limit);
  }

  private CompletableFuture<SendReceipt> postToGroup(dev.parley.protocol.v1.GroupSend.Builder send, Content content) {
    byte[] clientMsgId = newClientMsgId();
    String target = switch (send.getGroup().getRefCase()) {
      case GROUP_ID -> Long.toString(send.getGroup().getGroupId());
      default -> send.getGroup().getName();
    };
    GroupPostPump.Pending post = new GroupPostPump.Pending(target, clientMsgId, content,
        Duration.ofSeconds(send.getTtlSeconds()), send.getEditsSeq(), send.getDeletesSeq(), new CompletableFuture<>());
    CompletableFuture<SendReceipt> result = post.result();
    int bodyLength = content.getSerializedSize();
    onLoop(() -> {
      int maxBody = serverLimits.getMaxBodyBytes();
      if (stopped) {
        result.completeExceptionally(new IllegalStateException("client closed"));
      } else if (maxBody > 0 && bodyLength > maxBody) {
        // Never written: the server would refuse it, and a resend after every login would repeat that.
        result.completeExceptionally(new ParleyException(ErrorCode.MESSAGE_TOO_LARGE,
            "the post is " + bodyLength + " bytes; this server takes " + maxBody, Duration.ZERO));
      } else {
        groupPosts.submit(post);
      }
    });
    return result;
  }

  private CompletableFuture<GroupSummary> groupInfo(ClientFrame.Builder frame) {
    return request(frame).thenApply(f -> GroupSummary.of(f.getGroupInfo()));
  }

  static dev.parley.protocol.v1.GroupRef ref(String group) {
    dev.parley.protocol.v1.GroupRef.Builder r = dev.parley.protocol.v1.GroupRef.newBuilder();
    if (!group.isEmpty() && group.chars().allMatch(Character::isDigit)) r.setGroupId(Long.parseLong(group));
    else r.setName(group);
    return r.build();
  }

  java.time.Clock clock() {
    return clock;
  }

  InboundContent inbound() {
    return inbound;
  }

  GroupCursors groupCursors() {
    return groupCursors;
  }

  /**
   * Catches up every conversation (the 1:1 inbox and each group) whose server position is past this
   * device's cursors, in {@code Sync} pages (at most four conversations at once, one page in flight
   * each), handing what was missed to the listener in order and once. A group too far behind is
   * reported through {@link MessageListener#onSyncGap} and continues from its newest posts. Gaps
   * seen in pushed deliveries are filled the same way without calling this; it is for a device that
   * lost or restored its cursors, or wants to be sure. Fails with {@link ConnectionException} when
   * not logged in, {@link ParleyException} when the server refuses.
   */
  public CompletableFuture<SyncReport> sync() {
    CompletableFuture<SyncReport> result = new CompletableFuture<>();
    onLoop(() -> {
      if (current == null || !current.authenticated() || account == null) {
        result.completeExceptionally(new ConnectionException("not connected", null));
        return;
      }
      current.gaps().syncAll().whenComplete((r, err) -> {
        if (err != null) result.completeExceptionally(unwrap(err));
        else result.complete(r);
      });
    });
    return result;
  }

  int syncPageLimit() {
    return syncPageLimit;
  }

  GroupPostOpener groupOpener() {
    return groupOpener;
  }

  Duration groupKeyWait() {
    return groupKeyWait;
  }

  DeviceDirectory directory() {
    return directory;
  }

  /** Asks the server who this device is logged in as. */
  public CompletableFuture<AccountInfo> whoAmI() {
    CompletableFuture<ServerFrame> response = request(ClientFrame.newBuilder().setWhoAmI(WhoAmI.getDefaultInstance()));
    return response.thenApply(
        f -> {
          var i = f.getIdentity();
          return new AccountInfo(i.getUserId(), i.getDeviceId(), i.getUsername(), i.getDeviceName(), i.getRegisteredAtMs());
        });
  }

  /** The connection state now. */
  public ConnectionState state() {
    return state;
  }

  /** Who this client is logged in as, once it has been; null before. */
  public AccountInfo account() {
    return account;
  }

  /**
   * Closes the connection for good: says goodbye (after any pending acknowledgements), fails sends
   * still waiting for an acknowledgement, and releases the client's threads. Blocks up to the
   * connect timeout; must not be called from a listener or future callback.
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) return;
    CompletableFuture<Void> closed = new CompletableFuture<>();
    onLoop(
        () -> {
          stopped = true;
          sends.failAll(new ConnectionException("client closed", null));
          groupPosts.failAll(new ConnectionException("client closed", null));
          groupOutbox.failAll(new ConnectionException("client closed", null));
          if (authResult != null) authResult.completeExceptionally(new ConnectionException("client closed", null));
          viewOnce.stop();
          keyring.saveIfChanged(); // sessions started from fetched keys, say, kept for the next run
          if (current == null) {
            setState(ConnectionState.CLOSED);
            closed.complete(null);
            return;
          }
          Channel ch = current.channel();
          current.onReadComplete();
          ch.writeAndFlush(ClientFrame.newBuilder().setGoodbye(Goodbye.getDefaultInstance()).build())
              .addListener(f -> ch.close());
          ch.closeFuture().addListener(f -> closed.complete(null));
        });
    try {
      closed.get(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      // Closing is best effort: a dead connection is closed by its idle timeout anyway.
    } finally {
      if (ownedGroup != null) ownedGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Connection lifecycle, on the loop.

  private CompletableFuture<AccountInfo> startSession(AuthIntent wanted) {
    CompletableFuture<AccountInfo> result = new CompletableFuture<>();
    onLoop(
        () -> {
          if (stopped || authResult != null || current != null || everAuthenticated) {
            result.completeExceptionally(new IllegalStateException("client already started"));
            return;
          }
          intent = wanted;
          authResult = result;
          viewOnce.rearm(); // timers of an earlier run: they run whether or not the server answers
          connect();
        });
    return result;
  }

  private void connect() {
    setState(ConnectionState.CONNECTING);
    ServerAddress server = config.server();
    Bootstrap bootstrap =
        ClientPipeline.bootstrap(loop, transport, config, sslContext, ch -> {
          current = new ClientConnection(this, ch, intent);
          return current;
        });
    ChannelFuture connecting = bootstrap.connect(server.host(), server.port());
    connecting.addListener(
        f -> {
          if (!f.isSuccess() && current != null && current.channel() == connecting.channel()) {
            onConnectionClosed(current, f.cause(), null);
          }
        });
  }

  void onAuthenticated(ClientConnection conn, AccountInfo info) {
    everAuthenticated = true;
    attempt = 0;
    account = info;
    intent = new LoginDevice(info.userId(), info.deviceId());
    setState(ConnectionState.AUTHENTICATED);
    // Before anyone can write to this device it needs keys on the server, and before this device can
    // write to its own other devices it needs to know them.
    directory.afterLogin()
        .whenComplete((ignored, err) -> {
          if (conn != current) return;
          if (err != null) {
            if (!(unwrap(err) instanceof ConnectionException)) onAuthRefused(conn, asParley(unwrap(err)));
            return;
          }
          if (authResult != null) {
            authResult.complete(info);
            authResult = null;
          }
          sends.onLogin(conn.channel());
          receipts.onLogin();
          groupOutbox.onLogin(conn.channel());
          groupPosts.onLogin();
          presence.onLogin();
        });
  }

  /** 16 random bytes naming a send; a retry of it reuses them. */
  private byte[] newClientMsgId() {
    byte[] id = new byte[16];
    random.nextBytes(id);
    return id;
  }

  /** A pushed group change, on the loop: receipts follow a new member count before the app hears of it. */
  void onGroupUpdated(GroupUpdate update) {
    receiptGate.changed(update);
    listener.onGroupUpdated(update);
  }

  /** The server says this device's one-time prekeys run low: upload another batch. */
  void onPrekeysLow() {
    directory.topUpPrekeys();
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  private static ParleyException asParley(Throwable t) {
    return t instanceof ParleyException p ? p : new ParleyException(ErrorCode.INTERNAL, String.valueOf(t), Duration.ZERO);
  }

  void warn(IdentityWarning w) {
    try {
      listener.onIdentityWarning(w);
    } catch (RuntimeException e) {
      log.warn("identity warning listener failed", e);
    }
  }

  private Channel authenticatedChannel() {
    return current != null && current.authenticated() && account != null ? current.channel() : null;
  }

  Keyring keyring() {
    return keyring;
  }

  Sealer sealer() {
    return sealer;
  }

  /** The server's announced limits, which sends are checked against before they are written. */
  void onWelcome(Limits limits) {
    serverLimits = limits;
  }

  void onAuthRefused(ClientConnection conn, ParleyException refusal) {
    boolean transientRefusal = refusal.code() == ErrorCode.RETRY_LATER || refusal.code() == ErrorCode.UNAVAILABLE;
    if (transientRefusal && (everAuthenticated || firstContactRetries < MAX_FIRST_CONTACT_RETRIES)) {
      refusedForNow = refusal; // reconnect, no sooner than the server said
    } else {
      stopped = true;
      if (authResult != null) authResult.completeExceptionally(refusal);
      authResult = null;
      sends.failAll(refusal);
    }
    conn.channel().close();
  }

  void onConnectionClosed(ClientConnection conn, Throwable failure, GoingAway goingAway) {
    if (conn != current) return;
    current = null;
    ConnectionException lost = new ConnectionException("connection to " + config.server() + " lost", failure);
    requests.values().forEach(p -> p.result().completeExceptionally(lost));
    requests.clear();
    // Refused for now, at login or already at Hello (too many connections logging in).
    ParleyException busy = refusedForNow != null ? refusedForNow : Retries.retryLater(failure);
    refusedForNow = null;
    TrustException refusedTrust = trustManager.lastRefusal();
    if (stopped) {
      setState(ConnectionState.CLOSED);
    } else if (goingAway != null
        && (goingAway.getReason() == GoingAwayReason.SESSION_REPLACED || goingAway.getReason() == GoingAwayReason.DEVICE_REVOKED)) {
      stopped = true;
      sends.failAll(new ConnectionException(
          goingAway.getReason() == GoingAwayReason.DEVICE_REVOKED
              ? "this device was removed from its account"
              : "this device logged in on another connection", null));
      setState(ConnectionState.REPLACED);
    } else if (refusedTrust != null
        || (!everAuthenticated && (busy == null || firstContactRetries >= MAX_FIRST_CONTACT_RETRIES))) {
      stopped = true;
      Throwable cause = refusedTrust != null ? refusedTrust : busy != null ? busy : firstContactFailure(failure);
      if (authResult != null) authResult.completeExceptionally(cause);
      authResult = null;
      sends.failAll(cause);
      setState(ConnectionState.CLOSED);
    } else {
      setState(ConnectionState.DISCONNECTED);
      if (!everAuthenticated) firstContactRetries++;
      if (busy != null) {
        retries.afterRefusal(attempt++, busy.retryAfter(), this::reconnect);
      } else if (goingAway != null && goingAway.getRetryAfterMs() > 0) {
        retries.afterRefusal(attempt++, Duration.ofMillis(goingAway.getRetryAfterMs()), this::reconnect);
      } else {
        retries.after(config.backoff().delay(attempt++, random), this::reconnect);
      }
    }
  }

  private Throwable firstContactFailure(Throwable failure) {
    if (failure instanceof ParleyException p) return p;
    return new ConnectionException("cannot connect to " + config.server(), failure);
  }

  private void reconnect() {
    if (!stopped && current == null) connect();
  }

  void onSendAck(long requestId, SendAck ack) {
    if (!sends.onAck(requestId, ack)) groupOutbox.onAck(requestId, ack);
  }

  /**
   * Fails the request or send answered by an error, or retries it later after RETRY_LATER (nothing
   * was done); false when no such request is waiting.
   */
  boolean onRequestError(long requestId, ParleyException error) {
    if (sends.onError(requestId, error) || groupOutbox.onError(requestId, error)) return true;
    PendingRequest p = requests.remove(requestId);
    if (p == null) return false;
    if (error.code() == ErrorCode.RETRY_LATER && p.attempt() < MAX_REQUEST_RETRIES) {
      retries.afterRefusal(p.attempt(), error.retryAfter(), () -> write(p.frame(), p.result(), p.attempt() + 1));
    } else {
      p.result().completeExceptionally(error);
    }
    return true;
  }

  void onResponse(ServerFrame frame) {
    PendingRequest p = requests.remove(frame.getRequestId());
    if (p != null) p.result().complete(frame);
  }

  CompletableFuture<ServerFrame> request(ClientFrame.Builder frame) {
    CompletableFuture<ServerFrame> result = new CompletableFuture<>();
    onLoop(() -> write(frame, result, 0));
    return result;
  }

  private record PendingRequest(ClientFrame.Builder frame, CompletableFuture<ServerFrame> result, int attempt) {}

  private void write(ClientFrame.Builder frame, CompletableFuture<ServerFrame> result, int attempt) {
    if (current == null || !current.authenticated()) {
      result.completeExceptionally(new ConnectionException("not connected", null));
      return;
    }
    long id = requestIds.next();
    requests.put(id, new PendingRequest(frame, result, attempt));
    current.channel().writeAndFlush(frame.setRequestId(id).build());
  }

  ResumptionStore resumption() {
    return resumption;
  }

  long nextRequestId() {
    return requestIds.next();
  }

  ClientConfig config() {
    return config;
  }

  IdentityKeyPair identity() {
    return identity;
  }

  MessageListener listener() {
    return listener;
  }

  DeliveryCursor cursor() {
    return cursor;
  }

  private void setState(ConnectionState next) {
    if (state == next) return;
    state = next;
    listener.onStateChanged(next);
  }

  private void onLoop(Runnable task) {
    if (loop.inEventLoop()) task.run();
    else loop.execute(task);
  }

  /** Builds a {@link ParleyClient}. */
  public static final class Builder {
    private final ClientConfig config;
    private final IdentityKeyPair identity;
    private ServerTrust trust;
    private MessageListener listener = MessageListener.NONE;
    private DeliveryCursor cursor = DeliveryCursor.inMemory();
    private EventLoopGroup group;
    private RandomGenerator random = new SecureRandom();
    private CryptoStore cryptoStore = CryptoStore.inMemory();
    private GroupCursors groupCursors = GroupCursors.inMemory();
    private java.time.Clock clock = java.time.Clock.systemUTC();
    private int oneTimeBatch = Keyring.ONE_TIME_BATCH;
    private int kemBatch = Keyring.KEM_BATCH;
    private int syncPageLimit;
    private Duration groupKeyWait = Duration.ofSeconds(30);
    private boolean readReceipts = true;
    private RetryScheduler retryScheduler;
    private ResumptionStore resumption = ResumptionStore.inMemory();

    private Builder(ClientConfig config, IdentityKeyPair identity) {
      this.config = config;
      this.identity = identity;
    }

    /** How to decide whether to trust the server's certificate. Required. */
    public Builder trust(ServerTrust trust) {
      this.trust = trust;
      return this;
    }

    public Builder listener(MessageListener listener) {
      this.listener = listener;
      return this;
    }

    /** Where the client remembers what it handed to the application; in memory by default. */
    public Builder cursor(DeliveryCursor cursor) {
      this.cursor = cursor;
      return this;
    }

    /** Shares an event loop group among many clients (the client does not shut it down). */
    public Builder eventLoopGroup(EventLoopGroup group) {
      this.group = group;
      return this;
    }

    /** Source of client message ids and reconnect jitter. */
    public Builder random(RandomGenerator random) {
      this.random = random;
      return this;
    }

    /**
     * Where the end-to-end state (keys, sessions) is kept; in memory by default, which suits only
     * throwaway clients: a device that loses it cannot read messages sent to its old sessions.
     */
    public Builder cryptoStore(CryptoStore store) {
      this.cryptoStore = store;
      return this;
    }

    /**
     * How many one-time prekeys of each kind (X25519, ML-KEM) each upload carries; 100 and 40 by
     * default. Fewer suit devices that are rarely contacted by new peers, or constrained ones.
     */
    public Builder prekeyBatch(int oneTime, int kem) {
      if (oneTime < 1 || oneTime > 200 || kem < 1 || kem > 200) throw new IllegalArgumentException("batch sizes are 1..200");
      this.oneTimeBatch = oneTime;
      this.kemBatch = kem;
      return this;
    }

    /** The clock that decides when a disappearing message has expired; the system clock by default. */
    public Builder clock(java.time.Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * How long a group post that arrived before its key (a member's sender key, or a signer's
     * identity key) is held, with the group's later posts, before it is given up as undecryptable;
     * 30 seconds by default. Held posts are not acknowledged, so a reconnect gets them again.
     */
    public Builder groupKeyWait(Duration wait) {
      if (wait.isNegative() || wait.isZero()) throw new IllegalArgumentException("groupKeyWait must be positive");
      this.groupKeyWait = wait;
      return this;
    }

    /** Where the client remembers, per group, what it handed to the application; in memory by default. */
    public Builder groupCursors(GroupCursors cursors) {
      this.groupCursors = cursors;
      return this;
    }

    /**
     * Entries per {@code Sync} page when filling gaps; 0 (the default) lets the server choose (its
     * {@code sync.max-page-entries}). A value above the server's maximum is refused by it.
     */
    public Builder syncPageSize(int entries) {
      if (entries < 0 || entries > 4096) throw new IllegalArgumentException("sync page size is 0..4096");
      this.syncPageLimit = entries;
      return this;
    }

    /**
     * Runs delayed retries (reconnects, and what the server refused with RETRY_LATER); by default
     * the client's event loop after the delay. For applications that want to observe or drive them.
     */
    public Builder retryScheduler(RetryScheduler scheduler) {
      this.retryScheduler = scheduler;
      return this;
    }

    /**
     * Whether {@link ParleyClient#markRead} tells senders (true by default). Off, nothing is sent:
     * senders never learn what this user read, and other devices of this account are not told either.
     * Delivered receipts are always sent.
     */
    public Builder readReceipts(boolean send) {
      this.readReceipts = send;
      return this;
    }

    /**
     * Where the resumption token that makes reconnects cheap is kept; in memory by default (a new
     * client then starts with a full login). Persist it to make app restarts cheap too.
     */
    public Builder resumptionStore(ResumptionStore store) {
      this.resumption = store;
      return this;
    }

    public ParleyClient build() {
      if (trust == null) throw new IllegalStateException("trust policy not set");
      return new ParleyClient(this);
    }
  }
}
