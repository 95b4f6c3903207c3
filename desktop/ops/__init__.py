"""verb_noun functions over sync.api, run in the background, never on the UI thread.

Each module says which lane runs it: reading, annotate, vault and sync_now on the
vault lane (the Api's thread); enroll's ``request_enrollment`` on the network lane
(before a vault exists) and ``create_enrolled_vault`` on the vault lane. The
caller submits them with an explicit failure policy (desktop.tasks.OnFailure).
"""
