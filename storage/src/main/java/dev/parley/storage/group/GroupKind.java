package dev.parley.storage.group;

/** What a group is for. */
public enum GroupKind {
  /** A conversation: every member may post unless the settings say only admins do. */
  GROUP,
  /** A broadcast: only admins and the owner post; subscribers are members who read. */
  CHANNEL
}
