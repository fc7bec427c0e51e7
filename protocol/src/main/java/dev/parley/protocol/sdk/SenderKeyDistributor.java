package dev.parley.protocol.sdk;

import com.google.protobuf.ByteString;
import dev.parley.crypto.group.SenderKeyState;
import dev.parley.protocol.sdk.Keyring.DeviceAddress;
import dev.parley.protocol.sdk.e2e.proto.Content;
import dev.parley.protocol.sdk.e2e.proto.SenderKeysDistribution;
import dev.parley.protocol.v1.DeviceInfo;
import dev.parley.protocol.v1.DeviceList;
import dev.parley.protocol.v1.GroupDevices;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this device's sender key in a group in step with the group's member devices, as the server
 * lists them just before a post:
 *
 * <ul>
 *   <li>a device that had the key and is no longer listed (its user left or was removed, or the
 *       device was revoked) makes this device <b>rotate</b>: a new sender key, given only to the
 *       devices listed now, so whoever left cannot read what follows;
 *   <li>a listed device that does not have the key yet (a new member, a new device) gets it at its
 *       current iteration, so it cannot read earlier posts.
 * </ul>
 *
 * The key travels as a {@code Content.sender_key} in an ordinary 1:1 {@code Send} to each member
 * (which also reaches this account's other devices), through the pairwise Double Ratchet sessions.
 * A device counts as having the key once the server acknowledged that send. A member whose send
 * fails (no keys on the server, say) is left out and tried again before the next post. Confined to
 * the client's event loop.
 */
final class SenderKeyDistributor {
  private static final Logger log = LoggerFactory.getLogger(SenderKeyDistributor.class);

  /**
   * Most key fetches in flight before a distribution: enough for the server to answer many in one
   * commit round, few enough that a large group does not meet the per-account fetch bucket at once.
   */
  static final int FETCHES_IN_FLIGHT = 16;

  /** Starts the sessions a send to these devices of a user will need ({@link SendPreparer#sessionsWith}). */
  interface SessionStarter {
    CompletableFuture<Void> sessionsWith(AccountInfo me, long userId, List<Long> devices);
  }

  private final Keyring keyring;
  private final SecureRandom random;
  private final Consumer<Outbox.PendingSend> sends;
  private final SessionStarter sessions;
  private final Supplier<AccountInfo> me;

  SenderKeyDistributor(
      Keyring keyring, SecureRandom random, Consumer<Outbox.PendingSend> sends, SessionStarter sessions,
      Supplier<AccountInfo> me) {
    this.keyring = keyring;
    this.random = random;
    this.sends = sends;
    this.sessions = sessions;
    this.me = me;
  }

  /**
   * Completes once every listed device has this device's current sender key in the group (or its
   * send failed for a reason other than a lost connection); fails with {@link ConnectionException}
   * when the connection dropped meanwhile.
   */
  CompletableFuture<Void> ensure(GroupDevices devices) {
    AccountInfo self = me.get();
    long group = devices.getGroupId();
    Map<String, List<DeviceAddress>> byUser = new LinkedHashMap<>();
    Set<DeviceAddress> listed = new HashSet<>();
    for (DeviceList user : devices.getMembersList()) {
      for (DeviceInfo d : user.getDevicesList()) {
        DeviceAddress address = new DeviceAddress(user.getUserId(), d.getDeviceId());
        if (address.equals(new DeviceAddress(self.userId(), self.deviceId()))) continue;
        listed.add(address);
        byUser.computeIfAbsent(user.getUsername(), u -> new ArrayList<>()).add(address);
      }
    }
    GroupKeys keys = keyring.groupKeys();
    GroupKeys.Own held = keys.own(group).orElse(null);
    GroupKeys.Own own = held == null || !listed.containsAll(held.givenTo) ? rotate(group, self) : held;
    Map<String, List<DeviceAddress>> lacking = new LinkedHashMap<>();
    for (Map.Entry<String, List<DeviceAddress>> user : byUser.entrySet()) {
      List<DeviceAddress> without = user.getValue().stream().filter(d -> !own.givenTo.contains(d)).toList();
      if (!without.isEmpty()) lacking.put(user.getKey(), without);
    }
    if (lacking.isEmpty()) return CompletableFuture.completedFuture(null);
    // The sends below go out in order, and each one missing a session would wait for its own key
    // fetch: fetched ahead, concurrently, they are all encrypted in a few batches instead.
    return new Prefetch(self, lacking.values().iterator()).start().thenCompose(fetched -> {
      List<CompletableFuture<Void>> pending = new ArrayList<>();
      lacking.forEach((username, addresses) -> pending.add(give(group, own, username, addresses)));
      // Saved once for all: the whole state is one blob, and saving it per member would cost O(n^2)
      // for a large group. A crash before this save only makes the next post give the key again.
      return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).whenComplete((v, err) -> keyring.save());
    });
  }

  /**
   * Session set-up for many users, at most {@link #FETCHES_IN_FLIGHT} at a time. A failed fetch is
   * left to the send, which fetches again and reports the failure as its own.
   */
  private final class Prefetch {
    private final AccountInfo self;
    private final Iterator<List<DeviceAddress>> users;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private int running;
    private boolean starting;

    Prefetch(AccountInfo self, Iterator<List<DeviceAddress>> users) {
      this.self = self;
      this.users = users;
    }

    CompletableFuture<Void> start() {
      startMore();
      return done;
    }

    /** Re-entered from a fetch that completes at once; the guard keeps that from recursing. */
    private void startMore() {
      if (starting) return;
      starting = true;
      while (running < FETCHES_IN_FLIGHT && users.hasNext()) {
        List<DeviceAddress> devices = users.next();
        running++;
        sessions.sessionsWith(self, devices.getFirst().userId(), devices.stream().map(DeviceAddress::deviceId).toList())
            .whenComplete((v, err) -> {
              running--;
              startMore();
            });
      }
      starting = false;
      if (running == 0 && !users.hasNext()) done.complete(null);
    }
  }

  private GroupKeys.Own rotate(long group, AccountInfo self) {
    SenderKeyState state = SenderKeyState.create(random);
    GroupKeys.Own own = keyring.groupKeys().rotate(group, state);
    // This device reads its own posts when they come back, like every member's.
    keyring.groupKeys().recordFor(new GroupKeys.Sender(group, self.userId(), self.deviceId())).add(state.distribution());
    keyring.save();
    log.debug("new sender key in group {}", group);
    return own;
  }

  private CompletableFuture<Void> give(long group, GroupKeys.Own own, String username, List<DeviceAddress> devices) {
    Content content = Content.newBuilder()
        .setSenderKey(SenderKeysDistribution.newBuilder()
            .setGroupId(group)
            .setDistribution(ByteString.copyFrom(own.state.distribution().toBytes())))
        .build();
    byte[] clientMsgId = new byte[16];
    random.nextBytes(clientMsgId);
    CompletableFuture<SendReceipt> sent = new CompletableFuture<>();
    sends.accept(new Outbox.PendingSend(username, clientMsgId, content, Duration.ZERO, sent));
    return sent.handle((receipt, err) -> {
      if (err == null) {
        own.givenTo.addAll(devices);
        return null;
      }
      Throwable cause = Futures.cause(err);
      if (cause instanceof ConnectionException) throw new CompletionException(cause);
      log.debug("sender key for group {} not given to {}: {}", group, username, cause.toString());
      return null;
    });
  }
}
