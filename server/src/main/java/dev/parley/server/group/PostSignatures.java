package dev.parley.server.group;

import dev.parley.crypto.identity.IdentityPublicKey;
import dev.parley.protocol.group.PostTranscript;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.server.account.AuthenticatedDevice;
import dev.parley.server.refusal.Refusal;
import dev.parley.storage.account.AccountStore;
import dev.parley.storage.group.Group;
import dev.parley.storage.group.GroupMessage;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Checks the signature of a post in a group that is not end-to-end encrypted against the posting
 * device's identity key (read from the account store), over {@link PostTranscript}. Posts in
 * end-to-end groups pass unchecked: their sender-key ciphertext is signed inside, for members only.
 * Non-blocking.
 */
final class PostSignatures {
  private final AccountStore accounts;

  PostSignatures(AccountStore accounts) {
    this.accounts = accounts;
  }

  /** Empty when the post may be stored; otherwise why not. */
  CompletableFuture<Optional<Refusal>> check(AuthenticatedDevice me, Group group, GroupMessage post) {
    if (group.settings().endToEnd()) return CompletableFuture.completedFuture(Optional.empty());
    byte[] signature = post.signature();
    if (signature.length != PostTranscript.SIGNATURE_BYTES) {
      return CompletableFuture.completedFuture(Optional.of(invalid("a post here needs a 64-byte signature")));
    }
    byte[] transcript = PostTranscript.of(
        group.id().value(), me.user().value(), me.device().value(), post.clientMsgId().bytes(), post.body());
    return accounts.findDevice(me.user(), me.device()).thenApply(device -> {
      if (device.isEmpty()) return Optional.of(Refusal.of(ErrorCode.DEVICE_NOT_FOUND, "this device was removed"));
      boolean valid = new IdentityPublicKey(device.get().identityKey()).verify(transcript, signature);
      return valid ? Optional.empty() : Optional.of(invalid("the post's signature does not verify"));
    });
  }

  private static Refusal invalid(String message) {
    return Refusal.of(ErrorCode.INVALID_SIGNATURE, message);
  }
}
