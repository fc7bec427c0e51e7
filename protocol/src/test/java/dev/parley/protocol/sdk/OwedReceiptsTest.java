package dev.parley.protocol.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.parley.crypto.identity.IdentityKeyPair;
import dev.parley.protocol.sdk.e2e.proto.Content;
import dev.parley.protocol.sdk.e2e.proto.ReceiptType;
import dev.parley.protocol.v1.ErrorCode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Receipts are owed from the moment they are queued until the server acknowledges or refuses them,
 * in the keyring's saved state: a receipt still owed when the client stops (or dies after the state
 * was saved) is sent by the next client of the device, under the same client message id. Runs the
 * SDK's real keyring and receipt batcher against a recording sender, without a server.
 */
@Timeout(30)
class OwedReceiptsTest {
  static final SecureRandom RANDOM = new SecureRandom();
  static final long GROUP = 9;

  final CryptoStore store = CryptoStore.inMemory();
  final IdentityKeyPair me = IdentityKeyPair.generate(RANDOM);

  /** One send the batcher asked for, completed by the test as the server would answer it. */
  record Sent(String to, ByteString clientMsgId, Content content, CompletableFuture<SendReceipt> result) {}

  /** A client's receipt side over {@link #store}, as a new run of the app would build it. */
  final class Run {
    final Keyring keyring = Keyring.load(store, me, RANDOM);
    final List<Sent> sent = new ArrayList<>();
    final ReceiptBatcher receipts = new ReceiptBatcher(keyring.owedReceipts(), keyring::changed,
        (to, id, content) -> {
          CompletableFuture<SendReceipt> result = new CompletableFuture<>();
          sent.add(new Sent(to, ByteString.copyFrom(id), content, result));
          return result;
        },
        new GroupReceiptGate(() -> CompletableFuture.completedFuture(List.of(smallGroup())), () -> 3, Clock.systemUTC()),
        () -> {
          byte[] id = new byte[16];
          RANDOM.nextBytes(id);
          return id;
        });
  }

  static GroupSummary smallGroup() {
    return new GroupSummary(GROUP, "club", false, "MEMBER", 3, 0, 0, true, false);
  }

  static ByteString id(int n) {
    byte[] b = new byte[16];
    b[0] = (byte) (n >> 8);
    b[1] = (byte) n;
    return ByteString.copyFrom(b);
  }

  static SendReceipt stored() {
    return new SendReceipt(1, 1, false, 0);
  }

  @Test
  void aDeliveredReceiptIsInTheStateSavedBeforeItsMessageIsAcknowledged() {
    Run run = new Run();
    run.keyring.save();
    run.receipts.delivered("alice", id(1).toByteArray());
    // The end of the read burst: the keyring is saved if anything changed, then the message is
    // acknowledged. Nothing else marked it changed here: the receipt did.
    run.keyring.saveIfChanged();

    Run restarted = new Run();
    assertThat(restarted.keyring.owedReceipts().all()).singleElement().satisfies(o -> {
      assertThat(o.to).isEqualTo("alice");
      assertThat(o.receipt.getType()).isEqualTo(ReceiptType.DELIVERED);
      assertThat(o.receipt.getClientMsgIdsList()).containsExactly(id(1));
    });
  }

  @Test
  void receiptsNotAcknowledgedWhenTheClientStopsAreSentByTheNextRunUnderTheSameIds() {
    Run run = new Run();
    run.receipts.delivered("alice", id(1).toByteArray());
    run.receipts.delivered("alice", id(2).toByteArray());
    run.receipts.deliveredPost("carol", GROUP, 5);
    run.receipts.delivered("dave", id(3).toByteArray());
    run.receipts.flush();
    CompletableFuture<Void> read = run.receipts.read("bob", List.of(id(4)));
    assertThat(run.sent).extracting(Sent::to).containsExactly("alice", "carol", "dave", "bob");
    assertThat(run.sent.getFirst().content().getReceipt().getClientMsgIdsList()).containsExactly(id(1), id(2));

    run.sent.get(2).result().complete(stored()); // dave's was acknowledged
    // The client closes: what is still unanswered fails as the outbox fails it, and stays owed.
    for (Sent s : List.of(run.sent.get(0), run.sent.get(1), run.sent.get(3))) {
      s.result().completeExceptionally(new ConnectionException("client closed", null));
    }
    assertThat(read).isCompletedExceptionally();
    run.keyring.saveIfChanged();

    Run next = new Run();
    assertThat(next.sent).as("nothing before the first login").isEmpty();
    next.receipts.onLogin();
    assertThat(next.sent).extracting(Sent::to).containsExactly("alice", "carol", "bob");
    for (int i = 0; i < 3; i++) {
      Sent before = run.sent.get(i == 2 ? 3 : i);
      assertThat(next.sent.get(i).clientMsgId()).isEqualTo(before.clientMsgId());
      assertThat(next.sent.get(i).content()).isEqualTo(before.content());
    }
    assertThat(next.sent.get(1).content().getReceipt().getGroupSeqsList()).containsExactly(5L);
    next.receipts.onLogin();
    assertThat(next.sent).as("sent once, not at every login").hasSize(3);

    next.sent.forEach(s -> s.result().complete(stored()));
    next.keyring.saveIfChanged();
    assertThat(new Run().keyring.owedReceipts().all()).isEmpty();
  }

  @Test
  void aReceiptTheServerRefusedIsNoLongerOwed() {
    Run run = new Run();
    CompletableFuture<Void> read = run.receipts.read("gone", List.of(id(1)));
    run.sent.getFirst().result().completeExceptionally(
        new ParleyException(ErrorCode.USER_NOT_FOUND, "no such user", Duration.ZERO));
    assertThat(read).isCompletedExceptionally();
    assertThat(run.keyring.owedReceipts().all()).isEmpty();
  }

  @Test
  void theOwedRecordKeepsTheNewestReceiptsUpToItsBoundWhileEveryReceiptIsStillSent() {
    Run run = new Run();
    int senders = OwedReceipts.MAX_IDS + 100;
    for (int n = 0; n < senders; n++) run.receipts.delivered("user" + n, id(n).toByteArray());
    OwedReceipts owed = run.keyring.owedReceipts();
    assertThat(owed.ids()).isEqualTo(OwedReceipts.MAX_IDS);
    assertThat(owed.all().getFirst().to).as("the oldest went first").isEqualTo("user100");
    assertThat(owed.all().getLast().to).isEqualTo("user" + (senders - 1));
    run.receipts.flush();
    assertThat(run.sent).as("forgetting only costs the resend after a restart").hasSize(senders);
    run.keyring.saveIfChanged();
    assertThat(new Run().keyring.owedReceipts().ids()).isEqualTo(OwedReceipts.MAX_IDS);
  }

  @Test
  void oneSendersLongBurstIsOwedInReceiptMessagesOfAtMost512IdsTheNewestKept() {
    Run burst = new Run();
    int ids = OwedReceipts.MAX_IDS * 2 + 1;
    for (int n = 0; n < ids; n++) burst.receipts.delivered("alice", id(n).toByteArray());
    List<OwedReceipts.Owed> kept = burst.keyring.owedReceipts().all();
    assertThat(burst.keyring.owedReceipts().ids()).isLessThanOrEqualTo(OwedReceipts.MAX_IDS);
    assertThat(kept).allSatisfy(o -> assertThat(o.size()).isLessThanOrEqualTo(ReceiptBatcher.MAX_IDS));
    assertThat(kept.getLast().receipt.getClientMsgIdsList()).last().isEqualTo(id(ids - 1));
    burst.receipts.flush();
    assertThat(burst.sent.stream().mapToInt(s -> s.content().getReceipt().getClientMsgIdsCount()).sum()).isEqualTo(ids);
  }
}
