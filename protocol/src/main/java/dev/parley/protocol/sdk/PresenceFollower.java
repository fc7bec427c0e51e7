package dev.parley.protocol.sdk;

import dev.parley.protocol.v1.ClientFrame;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.protocol.v1.SubscribePresence;
import dev.parley.protocol.v1.UpdateContacts;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This client's side of presence: the users it follows (followed again after every login, since the
 * server forgets a connection's follows when it ends) and the contacts it has declared (a user the
 * application sends a message to joins this user's contact list once). Confined to the client's
 * event loop.
 */
final class PresenceFollower {
  private static final Logger log = LoggerFactory.getLogger(PresenceFollower.class);
  /** Declared contacts remembered in memory; past this the set starts over (declaring again is harmless). */
  private static final int MAX_REMEMBERED = 10_000;

  private final Function<ClientFrame.Builder, CompletableFuture<ServerFrame>> request;
  private final Set<String> declared = new HashSet<>();
  private List<String> followed = List.of();

  PresenceFollower(Function<ClientFrame.Builder, CompletableFuture<ServerFrame>> request) {
    this.request = request;
  }

  CompletableFuture<List<PresenceInfo>> follow(List<String> usernames) {
    followed = List.copyOf(usernames);
    return subscribe();
  }

  /** A new connection: follow the same users again. */
  void onLogin() {
    if (followed.isEmpty()) return;
    subscribe().whenComplete((ok, err) -> {
      if (err != null) log.debug("following presence again failed: {}", err.toString());
    });
  }

  private CompletableFuture<List<PresenceInfo>> subscribe() {
    return request.apply(ClientFrame.newBuilder().setSubscribePresence(SubscribePresence.newBuilder().addAllUsernames(followed)))
        .thenApply(f -> f.getPresenceList().getPresencesList().stream().map(PresenceInfo::of).toList());
  }

  /** The application sent {@code username} a message: put them on the contact list, once. */
  void sentTo(String username) {
    if (declared.contains(username)) return;
    if (declared.size() >= MAX_REMEMBERED) declared.clear();
    declared.add(username);
    update(List.of(username), List.of()).whenComplete((ok, err) -> {
      if (err != null) declared.remove(username); // try again with the next message
    });
  }

  CompletableFuture<Integer> update(List<String> add, List<String> remove) {
    if (!remove.isEmpty()) declared.removeAll(remove);
    return request.apply(ClientFrame.newBuilder().setUpdateContacts(UpdateContacts.newBuilder().addAllAdd(add).addAllRemove(remove)))
        .thenApply(f -> f.getContactsUpdated().getContactCount());
  }
}
