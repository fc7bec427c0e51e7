package dev.parley.server.presence;

import dev.parley.protocol.v1.ClientFrame;
import dev.parley.protocol.v1.ContactsUpdated;
import dev.parley.protocol.v1.ErrorCode;
import dev.parley.protocol.v1.Presence;
import dev.parley.protocol.v1.PresenceList;
import dev.parley.protocol.v1.PresencePrivacy;
import dev.parley.protocol.v1.ServerFrame;
import dev.parley.protocol.v1.SetPresencePrivacy;
import dev.parley.protocol.v1.UpdateContacts;
import dev.parley.server.account.AuthenticatedDevice;
import dev.parley.server.account.UserLookup;
import dev.parley.server.admission.LoadSignal;
import dev.parley.server.admission.Pressure;
import dev.parley.server.config.ServerConfig;
import dev.parley.server.refusal.Answer;
import dev.parley.server.refusal.Refusal;
import dev.parley.server.router.DeviceSession;
import dev.parley.storage.account.Account;
import dev.parley.storage.account.UserId;
import dev.parley.storage.presence.ContactsUpdate;
import dev.parley.storage.presence.PresenceStore;
import dev.parley.storage.presence.PresenceVisibility;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Presence: online and last seen for the users a session follows, shown only to those the user's
 * privacy setting lets see it (EVERYBODY, CONTACTS: the users on the user's contact list, NOBODY; a
 * user always sees themself). Online state lives in memory ({@link PresenceBoard}); the setting and
 * the contact list are stored ({@link PresenceStore}) and read when a follow is decided, and
 * decisions are redone when the user changes either.
 *
 * <p>Thread-safe and non-blocking; futures complete on storage threads.
 */
public final class PresenceService {
  /** Most users one UpdateContacts may name. */
  static final int MAX_NAMES_PER_UPDATE = 1000;
  private static final int MAX_DECIDE_ATTEMPTS = 4;

  private final PresenceStore store;
  private final UserLookup users;
  private final PresenceBoard board;
  private final ServerConfig.Presence config;

  /**
   * @param load while it sheds ephemeral traffic, online/offline notices are held back (and
   *     coalesced) until it stops
   */
  public PresenceService(
      PresenceStore store, UserLookup users, ServerConfig.Presence config, Clock clock, ScheduledExecutorService timer,
      LoadSignal load) {
    this.store = store;
    this.users = users;
    this.config = config;
    this.board = new PresenceBoard(config.lastSeenCapacity(), config.noticeInterval().toNanos(), clock, System::nanoTime,
        timer, () -> load.pressure().atLeast(Pressure.SHED_EPHEMERAL));
  }

  /** A session authenticated: its user is online. Call once per session, with {@link #disconnected}. */
  public void connected(AuthenticatedDevice device, DeviceSession session) {
    board.connected(session, device.username().value());
  }

  /** The session ended: it follows no one any more and its user may be offline now. */
  public void disconnected(DeviceSession session) {
    board.disconnected(session);
  }

  /** Handles SetPresencePrivacy, UpdateContacts and SubscribePresence; the answer completes on any thread. */
  public CompletableFuture<Answer<ServerFrame.Builder>> handle(AuthenticatedDevice me, DeviceSession session, ClientFrame f) {
    return switch (f.getBodyCase()) {
      case SET_PRESENCE_PRIVACY -> setPrivacy(me, f.getSetPresencePrivacy());
      case UPDATE_CONTACTS -> updateContacts(me, f.getUpdateContacts());
      case SUBSCRIBE_PRESENCE -> subscribe(me, session, f.getSubscribePresence().getUsernamesList());
      default -> throw new IllegalArgumentException("not a presence request: " + f.getBodyCase());
    };
  }

  private CompletableFuture<Answer<ServerFrame.Builder>> setPrivacy(AuthenticatedDevice me, SetPresencePrivacy req) {
    Optional<PresenceVisibility> wanted = switch (req.getVisibility()) {
      case EVERYBODY -> Optional.of(PresenceVisibility.EVERYBODY);
      case CONTACTS -> Optional.of(PresenceVisibility.CONTACTS);
      case NOBODY -> Optional.of(PresenceVisibility.NOBODY);
      case PRESENCE_VISIBILITY_UNSPECIFIED -> Optional.empty();
      case UNRECOGNIZED -> null;
    };
    if (wanted == null) return Answer.refusedNow(ErrorCode.INVALID_ARGUMENT, "unknown visibility");
    CompletableFuture<PresenceVisibility> now = wanted.isEmpty()
        ? store.visibility(me.user())
        : store.setVisibility(me.user(), wanted.get()).thenApply(v -> {
          redecideFollowersOf(me);
          return wanted.get();
        });
    return now.thenApply(v -> Answer.ok(ServerFrame.newBuilder().setPresencePrivacy(PresencePrivacy.newBuilder().setVisibility(wire(v)))));
  }

  private CompletableFuture<Answer<ServerFrame.Builder>> updateContacts(AuthenticatedDevice me, UpdateContacts req) {
    if (req.getAddCount() + req.getRemoveCount() > MAX_NAMES_PER_UPDATE) {
      return Answer.refusedNow(ErrorCode.INVALID_ARGUMENT, "at most " + MAX_NAMES_PER_UPDATE + " names per update");
    }
    CompletableFuture<List<Account>> adds = resolve(req.getAddList());
    CompletableFuture<List<Account>> removes = resolve(req.getRemoveList());
    return adds.thenCombine(removes, (a, r) -> List.of(ids(a), ids(r)))
        .thenCompose(lists -> store.updateContacts(me.user(), lists.get(0), lists.get(1), config.maxContacts()))
        .thenApply(outcome -> switch (outcome) {
          case ContactsUpdate.Updated u -> {
            redecideFollowersOf(me);
            yield Answer.ok(ServerFrame.newBuilder().setContactsUpdated(ContactsUpdated.newBuilder().setContactCount(u.contactCount())));
          }
          case ContactsUpdate.OverLimit o -> Answer.<ServerFrame.Builder>refused(
              Refusal.of(ErrorCode.TOO_MANY_CONTACTS, "a contact list holds at most " + o.limit() + " users"));
        });
  }

  private CompletableFuture<Answer<ServerFrame.Builder>> subscribe(AuthenticatedDevice me, DeviceSession session, List<String> names) {
    if (names.size() > config.maxSubscriptions()) {
      return Answer.refusedNow(ErrorCode.TOO_MANY_SUBSCRIPTIONS, "a connection follows at most " + config.maxSubscriptions() + " users");
    }
    List<String> distinct = names.stream().distinct().toList();
    return resolveNamed(distinct).thenCompose(found -> follow(me, session, found, distinct, 1));
  }

  private CompletableFuture<Answer<ServerFrame.Builder>> follow(
      AuthenticatedDevice me, DeviceSession session, List<Account> found, List<String> asked, int attempt) {
    long epoch = board.policyEpoch();
    List<CompletableFuture<PresenceBoard.Decision>> decisions = new ArrayList<>();
    for (Account a : found) decisions.add(decide(me.user(), a));
    return CompletableFuture.allOf(decisions.toArray(CompletableFuture[]::new)).thenCompose(ignored -> {
      List<PresenceBoard.Decision> made = decisions.stream().map(CompletableFuture::join).toList();
      List<String> unknown = asked.stream()
          .filter(n -> found.stream().noneMatch(a -> a.username().value().equalsIgnoreCase(n)))
          .toList();
      List<Presence> answer = board.follow(session, made, unknown, epoch);
      if (answer == null) {
        if (attempt < MAX_DECIDE_ATTEMPTS) return follow(me, session, found, asked, attempt + 1);
        // Settings keep changing under us: refuse rather than risk showing what is not allowed.
        return Answer.refusedNow(ErrorCode.RETRY_LATER, "presence settings changing; retry");
      }
      return CompletableFuture.completedFuture(
          Answer.ok(ServerFrame.newBuilder().setPresenceList(PresenceList.newBuilder().addAllPresences(answer))));
    });
  }

  /** May {@code viewer} see {@code target}? Reads the stored setting and, under CONTACTS, the list. */
  private CompletableFuture<PresenceBoard.Decision> decide(UserId viewer, Account target) {
    String name = target.username().value();
    if (target.id().equals(viewer)) return CompletableFuture.completedFuture(new PresenceBoard.Decision(target.id(), name, true));
    return store.visibility(target.id()).thenCompose(v -> switch (v) {
      case EVERYBODY -> CompletableFuture.completedFuture(new PresenceBoard.Decision(target.id(), name, true));
      case NOBODY -> CompletableFuture.completedFuture(new PresenceBoard.Decision(target.id(), name, false));
      case CONTACTS -> store.contactsAmong(target.id(), List.of(viewer))
          .thenApply(c -> new PresenceBoard.Decision(target.id(), name, c.contains(viewer)));
    });
  }

  /** After {@code me} changed their setting or contacts (durably): redo every follower's decision. */
  private void redecideFollowersOf(AuthenticatedDevice me) {
    var change = board.policyChanged(me.user(), me.username().value());
    long version = change.getKey();
    Set<UserId> followers = change.getValue();
    if (followers.isEmpty()) return;
    store.visibility(me.user())
        .thenCompose(v -> switch (v) {
          case EVERYBODY -> CompletableFuture.completedFuture(followers);
          case NOBODY -> CompletableFuture.completedFuture(Set.<UserId>of());
          case CONTACTS -> store.contactsAmong(me.user(), followers);
        })
        .thenAccept(allowed -> board.applyPolicy(me.user(), version, allowed))
        .exceptionally(err -> {
          // Could not read the setting: hide the user from everyone rather than show too much.
          board.applyPolicy(me.user(), version, Set.of());
          return null;
        });
  }

  private CompletableFuture<List<Account>> resolve(List<String> names) {
    return resolveNamed(names.stream().distinct().toList());
  }

  private CompletableFuture<List<Account>> resolveNamed(List<String> names) {
    List<CompletableFuture<Optional<Account>>> lookups = names.stream().map(users::byName).toList();
    return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)).thenApply(ignored -> lookups.stream()
        .map(CompletableFuture::join)
        .flatMap(Optional::stream)
        .filter(a -> !a.disabled())
        .toList());
  }

  private static List<UserId> ids(List<Account> accounts) {
    return accounts.stream().map(Account::id).toList();
  }

  private static dev.parley.protocol.v1.PresenceVisibility wire(PresenceVisibility v) {
    return switch (v) {
      case EVERYBODY -> dev.parley.protocol.v1.PresenceVisibility.EVERYBODY;
      case CONTACTS -> dev.parley.protocol.v1.PresenceVisibility.CONTACTS;
      case NOBODY -> dev.parley.protocol.v1.PresenceVisibility.NOBODY;
    };
  }

}
