package dev.parley.server.admin;

import dev.parley.server.group.DeletedOwnerNotices;
import dev.parley.storage.account.Account;
import dev.parley.storage.account.AccountStore;
import dev.parley.storage.account.DeviceId;
import dev.parley.storage.account.NewAccount;
import dev.parley.storage.account.Registration;
import dev.parley.storage.account.UserId;
import dev.parley.storage.account.Username;
import dev.parley.storage.admin.AdminStore;
import dev.parley.storage.admin.UserData;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** users list/show/create/disable/enable/delete, devices list/revoke, sessions list/kick, export. */
final class UserCommands {
  /** A kicked or disabled device may come back after this (a disabled one is then refused at login). */
  static final long KICK_RETRY_AFTER_MS = 30_000;
  private static final int MAX_PAGE = 10_000;

  private final AdminContext ctx;
  private final AccountStore accounts;
  private final DeletedOwnerNotices ownerNotices;

  UserCommands(AdminContext ctx) {
    this.ctx = ctx;
    this.accounts = ctx.storage().accounts();
    this.ownerNotices = new DeletedOwnerNotices(ctx.storage().groups(), accounts, ctx.router());
  }

  void register(CommandTable table) {
    table
        .reads("users.list", this::list)
        .reads("users.show", this::show)
        .changes("users.create", this::create)
        .changes("users.disable", a -> setDisabled(a, true))
        .changes("users.enable", a -> setDisabled(a, false))
        .changes("users.delete", this::delete)
        .reads("devices.list", this::devices)
        .changes("devices.revoke", this::revoke)
        .reads("sessions.list", this::sessions)
        .changes("sessions.kick", this::kick)
        .reads("export", this::export);
  }

  /** The account a "user" argument names: all digits is an id, anything else a username. */
  CompletableFuture<Optional<Account>> resolve(String ref) {
    if (!ref.isEmpty() && ref.chars().allMatch(Character::isDigit)) {
      long id;
      try {
        id = Long.parseLong(ref);
      } catch (NumberFormatException e) {
        return CompletableFuture.completedFuture(Optional.empty());
      }
      return id <= 0 ? CompletableFuture.completedFuture(Optional.empty()) : accounts.findById(new UserId(id));
    }
    return Username.parse(ref)
        .map(accounts::findByUsername)
        .orElseGet(() -> CompletableFuture.completedFuture(Optional.empty()));
  }

  private CompletableFuture<Reply> withUser(Args args, java.util.function.Function<Account, CompletableFuture<Reply>> then) {
    String ref = args.required("user");
    return resolve(ref).thenCompose(a -> a.map(then).orElseGet(() -> done(Reply.notFound("no such user: " + ref))));
  }

  private CompletableFuture<Reply> list(Args args) {
    long after = args.longValue("after", 0, 0, Long.MAX_VALUE);
    int limit = (int) args.longValue("limit", 100, 1, MAX_PAGE);
    return ctx.storage().admin().accounts(after, limit)
        .thenApply(list -> Reply.ok(Map.of("users", list.stream().map(Views::account).toList())));
  }

  private CompletableFuture<Reply> show(Args args) {
    return withUser(args, a -> accounts.devices(a.id())
        .thenCombine(ctx.storage().groups().groupsOf(a.id()), (devices, groups) -> {
          Map<String, Object> m = Views.account(a);
          m.put("devices", devices.stream().map(Views::device).toList());
          m.put("groups", groups.stream().map(Views::membership).toList());
          m.put("live_sessions", ctx.router().sessionsOf(a.id()).size());
          return Reply.ok(m);
        }));
  }

  private CompletableFuture<Reply> create(Args args) {
    String raw = args.required("username");
    Optional<Username> name = Username.parse(raw);
    if (name.isEmpty()) return done(Reply.invalid("usernames are 3-32 characters of a-z 0-9 _ ."));
    byte[] key = decodeKey(args.required("identity-key"));
    String deviceName = args.optional("device-name").orElse("device");
    return accounts.register(new NewAccount(name.get(), key, deviceName, ctx.clock().millis()))
        .thenApply(r -> switch (r) {
          case Registration.Created c -> {
            Map<String, Object> m = Views.account(c.account());
            m.put("device", Views.device(c.device()));
            yield Reply.ok(m);
          }
          case Registration.UsernameTaken t -> Reply.conflict("username " + t.username() + " is taken");
          case Registration.InviteInvalid i -> Reply.invalid("invite refused");
        });
  }

  private static byte[] decodeKey(String raw) {
    byte[] key;
    try {
      key = raw.length() == 64 ? HexFormat.of().parseHex(raw) : Base64.getDecoder().decode(raw);
    } catch (IllegalArgumentException e) {
      throw new BadArgument("identity-key is neither hex nor base64");
    }
    if (key.length != 32) throw new BadArgument("identity-key must be a 32-byte Ed25519 public key");
    return key;
  }

  private CompletableFuture<Reply> setDisabled(Args args, boolean disabled) {
    return withUser(args, a -> ctx.storage().admin().setDisabled(a.id(), disabled).thenApply(found -> {
      if (!found) return Reply.notFound("no such user: " + a.username());
      if (disabled) ctx.router().sessionsOf(a.id()).forEach(s -> s.shutdown(KICK_RETRY_AFTER_MS));
      Map<String, Object> m = Views.account(a);
      m.put("disabled", disabled);
      return Reply.ok(m);
    }));
  }

  /**
   * The groups the user owned pass on in the same write (see {@link AdminStore#deleteUser}); the reply
   * names each one's new owner, and those deleted with the account.
   */
  private CompletableFuture<Reply> delete(Args args) {
    return withUser(args, a -> accounts.devices(a.id()).thenCompose(devices ->
        ctx.storage().admin().deleteUser(a.id()).thenApply(deletion -> {
          if (deletion.isEmpty()) return Reply.notFound("no such user: " + a.username());
          devices.forEach(d -> ctx.router().revoked(d.id()));
          ownerNotices.tell(deletion.get(), a.username());
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("deleted", a.id().value());
          m.put("username", a.username().value());
          m.put("groups_passed_on", deletion.get().successions().stream().map(s -> {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("group_id", s.group().id().value());
            g.put("name", s.group().name().value());
            g.put("owner_user_id", s.owner().user().value());
            return g;
          }).toList());
          m.put("groups_deleted", deletion.get().deletedGroups().stream().map(g -> g.name().value()).toList());
          return Reply.ok(m);
        })));
  }

  private CompletableFuture<Reply> devices(Args args) {
    return withUser(args, a -> accounts.devices(a.id())
        .thenApply(list -> Reply.ok(Map.of("devices", list.stream().map(Views::device).toList()))));
  }

  private CompletableFuture<Reply> revoke(Args args) {
    DeviceId device = new DeviceId(args.requiredLong("device", 1, Long.MAX_VALUE));
    return withUser(args, a -> accounts.removeDevice(a.id(), device).thenApply(removed -> {
      if (!removed) return Reply.notFound("user " + a.username() + " has no device " + device);
      ctx.router().revoked(device);
      return Reply.ok(Map.of("revoked", device.value(), "user_id", a.id().value()));
    }));
  }

  private CompletableFuture<Reply> sessions(Args args) {
    if (args.optional("user").isPresent()) {
      return withUser(args, a -> done(Reply.ok(Map.of("sessions",
          ctx.router().sessionsOf(a.id()).stream().map(Views::session).toList()))));
    }
    return done(Reply.ok(Map.of("sessions", ctx.router().sessions().stream().map(Views::session).toList())));
  }

  private CompletableFuture<Reply> kick(Args args) {
    long retryAfterMs = args.longValue("retry-after", KICK_RETRY_AFTER_MS / 1000, 0, 86_400) * 1000;
    Optional<String> device = args.optional("device");
    if (device.isPresent()) {
      DeviceId id = new DeviceId(args.requiredLong("device", 1, Long.MAX_VALUE));
      return done(ctx.router().session(id).map(s -> {
        s.shutdown(retryAfterMs);
        return Reply.ok(Map.of("kicked", List.of(Views.session(s))));
      }).orElseGet(() -> Reply.notFound("device " + id + " has no live session")));
    }
    return withUser(args, a -> {
      var sessions = List.copyOf(ctx.router().sessionsOf(a.id()));
      sessions.forEach(s -> s.shutdown(retryAfterMs));
      return done(Reply.ok(Map.of("kicked", sessions.stream().map(Views::session).toList())));
    });
  }

  private CompletableFuture<Reply> export(Args args) {
    return withUser(args, a -> ctx.storage().admin().export(a.id())
        .thenApply(data -> data.map(UserCommands::exportDocument).map(Reply::ok)
            .orElseGet(() -> Reply.notFound("no such user: " + a.username()))));
  }

  private static Map<String, Object> exportDocument(UserData data) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", "parley-user-export/1");
    m.put("account", Views.account(data.account()));
    m.put("devices", data.devices().stream().map(d -> {
      Map<String, Object> dm = Views.device(d.device());
      dm.put("one_time_prekeys", d.prekeys().oneTimePrekeys());
      dm.put("kem_prekeys", d.prekeys().kemPrekeys());
      dm.put("undelivered", d.inbox().stream().map(e -> {
        Map<String, Object> em = new LinkedHashMap<>();
        em.put("seq", e.seq());
        em.put("server_msg_id", e.envelope().serverMsgId());
        em.put("sender_user_id", e.envelope().sender().value());
        em.put("sender_username", e.envelope().senderUsername());
        em.put("server_time", Views.time(e.envelope().serverTimeMs()));
        // End-to-end ciphertext: the server cannot read it, but it is the user's data it holds.
        em.put("ciphertext_base64", Base64.getEncoder().encodeToString(e.envelope().body()));
        return em;
      }).toList());
      return dm;
    }).toList());
    m.put("groups", data.memberships().stream().map(Views::membership).toList());
    return m;
  }

  static CompletableFuture<Reply> done(Reply r) {
    return CompletableFuture.completedFuture(r);
  }
}
