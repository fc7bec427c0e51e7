package dev.parley.protocol.sdk;

import com.google.protobuf.ByteString;
import dev.parley.protocol.sdk.e2e.proto.DeviceState;
import dev.parley.protocol.sdk.e2e.proto.ViewOnceEntry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The view-once messages this device handed to the application: unviewed ones with their
 * expire-after-read time, and viewed ones with the moment their timer runs out (by the SDK's clock).
 * Part of the {@link Keyring}, saved with it, so both survive a restart. Bounded: at most {@link
 * #MAX_UNVIEWED} unviewed (the oldest are dropped: they can no longer be marked viewed) and {@link
 * #MAX_RUNNING} running timers (beyond, {@link ViewOnceTimers} expires the one due first at once).
 * Confined to the client's event loop.
 */
final class ViewOnceState {
  static final int MAX_UNVIEWED = 1_000;
  static final int MAX_RUNNING = 1_000;

  private final Map<ByteString, Long> unviewedSeconds = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<ByteString, Long> eldest) {
      return size() > MAX_UNVIEWED;
    }
  };
  private final Map<ByteString, Long> runningExpiresAtMs = new LinkedHashMap<>();

  void handedOver(ByteString clientMsgId, long expireAfterReadSeconds) {
    unviewedSeconds.put(clientMsgId, expireAfterReadSeconds);
  }

  /** The unviewed message's expire-after-read seconds, no longer unviewed; empty if it is not one. */
  OptionalLong takeUnviewed(ByteString clientMsgId) {
    Long seconds = unviewedSeconds.remove(clientMsgId);
    return seconds == null ? OptionalLong.empty() : OptionalLong.of(seconds);
  }

  void start(ByteString clientMsgId, long expiresAtMs) {
    runningExpiresAtMs.put(clientMsgId, expiresAtMs);
  }

  /** The running timer due first, when there are more than {@link #MAX_RUNNING}. */
  Optional<ByteString> overBound() {
    if (runningExpiresAtMs.size() <= MAX_RUNNING) return Optional.empty();
    return runningExpiresAtMs.entrySet().stream().min(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
  }

  /** Ends the message's timer; false if none was running. */
  boolean finish(ByteString clientMsgId) {
    return runningExpiresAtMs.remove(clientMsgId) != null;
  }

  /** Running timers: client message id to when each runs out. */
  Map<ByteString, Long> running() {
    return Map.copyOf(runningExpiresAtMs);
  }

  int unviewed() {
    return unviewedSeconds.size();
  }

  void writeTo(DeviceState.Builder s) {
    unviewedSeconds.forEach((id, seconds) ->
        s.addViewOnce(ViewOnceEntry.newBuilder().setClientMsgId(id).setExpireAfterReadSeconds(seconds)));
    runningExpiresAtMs.forEach((id, at) -> s.addViewOnce(ViewOnceEntry.newBuilder().setClientMsgId(id).setExpiresAtMs(at)));
  }

  /** Reads what {@link #writeTo} wrote (within the bounds of this version). */
  static ViewOnceState readFrom(DeviceState s) {
    ViewOnceState v = new ViewOnceState();
    for (ViewOnceEntry e : s.getViewOnceList()) {
      if (e.getExpiresAtMs() == 0) v.handedOver(e.getClientMsgId(), e.getExpireAfterReadSeconds());
      else v.start(e.getClientMsgId(), e.getExpiresAtMs());
    }
    return v;
  }
}
