package dev.parley.server.messaging;

import dev.parley.protocol.v1.ErrorCode;
import dev.parley.protocol.v1.Send;
import dev.parley.server.account.AuthenticatedDevice;
import dev.parley.server.account.UserLookup;
import dev.parley.server.messaging.SendOutcome.Rejected;
import dev.parley.server.messaging.SendOutcome.Stored;
import dev.parley.server.refusal.Refusal;
import dev.parley.server.router.SessionRouter;
import dev.parley.storage.account.Account;
import dev.parley.storage.account.AccountStore;
import dev.parley.storage.account.Device;
import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.UserId;
import dev.parley.storage.inbox.ClientMsgId;
import dev.parley.storage.inbox.DeviceCopy;
import dev.parley.storage.inbox.InboxStore;
import dev.parley.storage.inbox.OutgoingMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * 1:1 sends: validate, resolve the recipient's devices, append to every device inbox in one durable
 * write, then hand the stored entries to the router for live devices. The sender is always the
 * authenticated session's device, never a claim from the client. Non-blocking; futures complete on
 * storage threads.
 */
public final class MessagingService {
  private final AccountStore accounts;
  private final UserLookup users;
  private final InboxStore inboxes;
  private final SessionRouter router;
  private final Clock clock;
  private final int maxBodyBytes;
  private final Duration maxTtl;

  public MessagingService(
      AccountStore accounts, InboxStore inboxes, SessionRouter router, Clock clock, int maxBodyBytes, Duration maxTtl) {
    this.accounts = accounts;
    this.users = new UserLookup(accounts);
    this.inboxes = inboxes;
    this.router = router;
    this.clock = clock;
    this.maxBodyBytes = maxBodyBytes;
    this.maxTtl = maxTtl;
  }

  /**
   * Validates a send, looks up the recipient's and the sender's devices and checks that the send has
   * exactly one copy for each (all of the recipient's devices and the sender's other devices). A
   * sending device that is no longer among the sender's (revoked, its session not yet closed) is
   * refused with DEVICE_NOT_FOUND.
   * Lookups of several sends may finish in any order; the caller stores prepared sends in the order
   * they arrived ({@link #store}), which keeps each sender's messages in order in every inbox.
   */
  public CompletableFuture<PreparedSend> prepare(AuthenticatedDevice sender, Send req) {
    Optional<Refusal> invalid = validate(req);
    if (invalid.isPresent()) return CompletableFuture.completedFuture(new PreparedSend.Refused(invalid.get()));
    return recipient(req)
        .thenCompose(
            account -> {
              if (account.isEmpty() || account.get().disabled()) return CompletableFuture.completedFuture(notFound());
              UserId to = account.get().id();
              CompletableFuture<List<Device>> theirs = accounts.devices(to);
              CompletableFuture<List<Device>> mine = to.equals(sender.user()) ? theirs : accounts.devices(sender.user());
              return theirs.thenCombine(mine, (t, m) -> ready(sender, to, req, t, m));
            })
        .exceptionally(err -> new PreparedSend.Refused(Refusal.fromStorage(err)));
  }

  /**
   * Appends a prepared message to every recipient device's inbox; completes on {@code executor} once
   * durable, after the stored entries were handed to the router for live devices. Appends are queued
   * in call order. The hand-off runs on {@code executor} (the sender's event loop), not on the commit
   * thread, which must stay free for the next round.
   */
  public CompletableFuture<SendOutcome> store(OutgoingMessage message, Executor executor) {
    return inboxes
        .append(message)
        .<SendOutcome>thenApplyAsync(
            stored -> {
              router.route(stored.appended());
              return new Stored(stored);
            },
            executor)
        .exceptionally(err -> new Rejected(Refusal.fromStorage(err)));
  }

  private PreparedSend ready(
      AuthenticatedDevice sender, UserId to, Send req, List<Device> theirs, List<Device> mine) {
    if (theirs.isEmpty()) return notFound();
    if (mine.stream().noneMatch(d -> d.id().equals(sender.device()))) {
      // Removed a moment ago, its session not closed yet: a revoked device sends nothing more.
      return new PreparedSend.Refused(Refusal.of(ErrorCode.DEVICE_NOT_FOUND, "this device was removed"));
    }
    Optional<Refusal> mismatch = DeviceSets.mismatch(sender.device(), theirs, mine, req.getDeviceMessagesList());
    if (mismatch.isPresent()) return new PreparedSend.Refused(mismatch.get());
    long now = clock.millis();
    long expiresAt = req.getTtlSeconds() == 0 ? 0 : now + req.getTtlSeconds() * 1000;
    List<DeviceCopy> copies =
        req.getDeviceMessagesList().stream()
            .map(m -> new DeviceCopy(new DeviceId(m.getDeviceId()), m.getCiphertext().toByteArray()))
            .toList();
    return new PreparedSend.Ready(
        new OutgoingMessage(
            sender.user(), sender.device(), sender.username().value(), to,
            new ClientMsgId(req.getClientMsgId().toByteArray()), copies, now, expiresAt));
  }

  private CompletableFuture<Optional<Account>> recipient(Send req) {
    return switch (req.getRecipientCase()) {
      case RECIPIENT_USERNAME -> users.byName(req.getRecipientUsername());
      case RECIPIENT_USER_ID -> users.byId(req.getRecipientUserId());
      case RECIPIENT_NOT_SET -> UserLookup.none();
    };
  }

  private Optional<Refusal> validate(Send req) {
    if (req.getRecipientCase() == Send.RecipientCase.RECIPIENT_NOT_SET) {
      return Optional.of(Refusal.of(ErrorCode.INVALID_ARGUMENT, "no recipient"));
    }
    if (req.getClientMsgId().size() != ClientMsgId.LENGTH) {
      return Optional.of(Refusal.of(ErrorCode.INVALID_ARGUMENT, "client_msg_id must be 16 bytes"));
    }
    for (var m : req.getDeviceMessagesList()) {
      if (m.getCiphertext().size() > maxBodyBytes) {
        return Optional.of(Refusal.of(
            ErrorCode.MESSAGE_TOO_LARGE, "ciphertext of " + m.getCiphertext().size() + " bytes exceeds " + maxBodyBytes));
      }
    }
    if (req.getTtlSeconds() < 0 || req.getTtlSeconds() > maxTtl.toSeconds()) {
      return Optional.of(Refusal.of(ErrorCode.INVALID_ARGUMENT, "ttl_seconds over the limit of " + maxTtl.toSeconds()));
    }
    return Optional.empty();
  }

  private static PreparedSend notFound() {
    return new PreparedSend.Refused(Refusal.of(ErrorCode.USER_NOT_FOUND, "no such user"));
  }
}
