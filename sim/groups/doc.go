// Package groups is the simulator's group chats: state (subject, description, settings, participants and
// their roles, invite code) persisted in badger under "sim/groups/", the w:g2 iqs clients send to create,
// query and change groups, the w:gp2 notifications every member's devices receive about changes, and the
// fan-out of group messages (per-device pkmsg/msg envelopes carrying the sender key, then the shared skmsg)
// and of group receipts.
//
// Groups are phone-number addressed (addressing_mode "pn"): participants are listed by phone JID with
// their LID beside it, and fanned-out messages carry participant (phone) and participant_lid.
//
// Register plugs the package into a sim/server.Server; Service.Create is the Go entry point for tools
// (the admin API's POST /api/groups).
package groups
