package dev.parley.server.admin;

import dev.parley.storage.group.Group;
import dev.parley.storage.group.GroupId;
import dev.parley.storage.group.GroupName;
import dev.parley.storage.group.GroupStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** groups list/show/delete. */
final class GroupCommands {
  private static final int MAX_PAGE = 10_000;
  private final AdminContext ctx;
  private final GroupStore groups;

  GroupCommands(AdminContext ctx) {
    this.ctx = ctx;
    this.groups = ctx.storage().groups();
  }

  void register(CommandTable table) {
    table.reads("groups.list", this::list).reads("groups.show", this::show).changes("groups.delete", this::delete);
  }

  private CompletableFuture<Optional<Group>> resolve(String ref) {
    if (!ref.isEmpty() && ref.length() < 19 && ref.chars().allMatch(Character::isDigit)) {
      long id = Long.parseLong(ref);
      if (id > 0) return groups.findById(new GroupId(id));
    }
    return GroupName.parse(ref).map(groups::findByName).orElseGet(() -> CompletableFuture.completedFuture(Optional.empty()));
  }

  private CompletableFuture<Reply> withGroup(Args args, java.util.function.Function<Group, CompletableFuture<Reply>> then) {
    String ref = args.required("group");
    return resolve(ref).thenCompose(g -> g.map(then).orElseGet(() -> UserCommands.done(Reply.notFound("no such group: " + ref))));
  }

  private CompletableFuture<Reply> list(Args args) {
    long after = args.longValue("after", 0, 0, Long.MAX_VALUE);
    int limit = (int) args.longValue("limit", 100, 1, MAX_PAGE);
    return ctx.storage().admin().groups(after, limit)
        .thenApply(list -> Reply.ok(Map.of("groups", list.stream().map(Views::group).toList())));
  }

  private CompletableFuture<Reply> show(Args args) {
    return withGroup(args, g -> groups.memberCount(g.id()).thenApply(count -> {
      Map<String, Object> m = Views.group(g);
      m.put("members", count);
      m.put("live_subscribers", ctx.router().subscribers(g.id()));
      return Reply.ok(m);
    }));
  }

  private CompletableFuture<Reply> delete(Args args) {
    return withGroup(args, g -> groups.delete(g.id()).thenApply(deleted -> {
      if (!deleted) return Reply.notFound("no such group: " + g.name());
      ctx.router().groupSessions(g.id()).forEach(s -> s.detachGroup(g.id()));
      return Reply.ok(Map.of("deleted", g.id().value(), "name", g.name().value()));
    }));
  }
}
