"""The department inbox: a small web application over the central store (``station central serve``).

A front end like ``ui/`` and ``station.commands``: it may import ``station.sync`` and ``station.audit``,
nothing imports it. Who sees what is decided by PostgreSQL: every request runs as the clerk's
department role (``SET LOCAL ROLE``), so row-level security shapes every page.

- ``passwords``  scrypt hashes for clerk passwords
- ``admin``      the administrator's set-up: the web login role, clerks
- ``db``         the connection pool and the per-request role
- ``security``   sessions, CSRF tokens, sign-in rate limit
- ``queries``    what the pages read and the actions they take, all as the department
- ``receipt``    the certificate of receipt under the department role
- ``live``       LISTEN/NOTIFY to server-sent events
- ``views``      the pages and actions (German by default, English on request)
- ``app``        the Starlette application: routes, headers, start-up and shutdown
"""
