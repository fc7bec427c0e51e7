package dev.parley.server.group;

import dev.parley.server.account.UserLookup;
import dev.parley.server.router.SessionRouter;
import dev.parley.storage.account.AccountStore;
import dev.parley.storage.account.Username;
import dev.parley.storage.admin.UserDeletion;
import dev.parley.storage.group.Group;
import dev.parley.storage.group.GroupStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells live members what the operator's deletion of an account did to the groups it owned, once the
 * deletion is durable: in a group that passed on, OWNER_CHANGED (the successor) then MEMBER_REMOVED
 * (the former owner), with {@code by_user_id} 0 since no user made the change, to whom {@link
 * GroupNotices} tells such changes; a group deleted with the account detaches the devices still
 * subscribed to it and tells them {@code GroupDeleted}. One account lookup per successor (usually a
 * cache hit), nothing per member. Non-blocking and thread-safe.
 */
public final class DeletedOwnerNotices {
  private static final Logger log = LoggerFactory.getLogger(DeletedOwnerNotices.class);

  private final SessionRouter router;
  private final UserLookup users;
  private final GroupNotices notices;

  public DeletedOwnerNotices(GroupStore groups, AccountStore accounts, SessionRouter router) {
    this.router = router;
    this.users = new UserLookup(accounts);
    this.notices = new GroupNotices(groups, router);
  }

  /** {@code formerOwner}: the deleted account's username, which the store no longer knows. */
  public void tell(UserDeletion deletion, Username formerOwner) {
    GroupNotices.Concerned former = new GroupNotices.Concerned(deletion.user(), formerOwner.value(), null);
    for (UserDeletion.Succession s : deletion.successions()) {
      users.byId(s.owner().user().value()).whenComplete((account, err) -> {
        if (err != null) log.debug("successor {} of group {} unread; told without its name", s.owner().user(), s.group().id(), err);
        String name = err == null ? account.map(a -> a.username().value()).orElse("") : "";
        notices.ownerDeleted(s.group(), new GroupNotices.Concerned(s.owner().user(), name, s.owner().role()), former);
      });
    }
    for (Group g : deletion.deletedGroups()) GroupAdmin.tellDeleted(router, g);
  }
}
