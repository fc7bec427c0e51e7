package dev.parley.storage.rocks;

import dev.parley.storage.account.DeviceId;
import dev.parley.storage.inbox.DeviceCopy;
import dev.parley.storage.inbox.Envelope;
import dev.parley.storage.inbox.InboxEntry;
import dev.parley.storage.inbox.OutgoingMessage;
import dev.parley.storage.inbox.StoredMessage;
import dev.parley.storage.rocks.disk.SentRecord;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.RocksDBException;

/**
 * Stores each device's copy of one message in that device's inbox, or recognises a retry of a
 * stored one. All copies share one server msg id; each gets its device's next seq. Runs on the
 * commit thread: the "already sent?" check sees earlier ops of the same round, and the server msg id
 * and seqs it takes are persisted in the same batch as the entries.
 */
record AppendOp(OutgoingMessage message, long dedupWindowMs) implements CommitOp<StoredMessage> {

  @Override
  public StoredMessage apply(Round round) throws RocksDBException {
    byte[] sentKey = Keys.sent(message.senderDevice(), message.clientMsgId());
    byte[] prior = round.get(Family.SENT, sentKey);
    if (prior != null) {
      SentRecord sent = Records.sent(prior);
      // The same window the sweeper uses: a record at least dedupWindowMs old no longer counts. A
      // group post's record (group_id set) is not this message, whatever its client_msg_id.
      if (sent.getGroupId() == 0 && message.nowMs() - sent.getServerTimeMs() < dedupWindowMs) {
        return new StoredMessage(sent.getServerMsgId(), sent.getServerTimeMs(), true, List.of());
      }
    }
    long serverMsgId = round.nextId(IdCounter.SERVER_MSG_ID);
    // OutgoingMessage refuses two copies for one device, so each device gets the message once.
    List<InboxEntry> appended = new ArrayList<>(message.copies().size());
    for (DeviceCopy copy : message.copies()) {
      DeviceId device = copy.device();
      Envelope envelope = envelope(serverMsgId, copy.body());
      long seq = round.nextSeq(device);
      round.put(Family.INBOX, Keys.inbox(device, seq), Records.envelope(envelope));
      if (message.expiresAtMs() != 0) {
        round.put(Family.EXPIRY, Keys.expiry(message.expiresAtMs(), device, seq), Keys.EMPTY);
      }
      appended.add(new InboxEntry(device, seq, envelope));
    }
    round.put(Family.SENT, sentKey, Records.sent(serverMsgId, message.nowMs()));
    return new StoredMessage(serverMsgId, message.nowMs(), false, appended);
  }

  private Envelope envelope(long serverMsgId, byte[] body) {
    return new Envelope(
        serverMsgId,
        message.sender(),
        message.senderDevice(),
        message.senderUsername(),
        message.recipient(),
        message.nowMs(),
        message.clientMsgId(),
        body,
        message.expiresAtMs());
  }
}
