/** Operator access to the store: accounts, erasure and export, settings, invites, checkpoints. */
package dev.parley.storage.admin;
