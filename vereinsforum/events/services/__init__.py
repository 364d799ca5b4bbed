"""Writes for events, one module per reason to change.

- administration: events and venues (create, change, cancel)
- invitations: inviting associations and their answer
- registration: registrations, delegates swapped, the waiting list, offers and their expiry
- door: check-in, walk-ins, attendance lists and imports, no-shows
- funnel: the kick-off's attendance and enrolment as steps of the programme's funnel
- feeds: reminders and calendar feeds
- timing: when a write happened (shared by the others)

Callers import from the module itself; this package re-exports nothing.
"""
