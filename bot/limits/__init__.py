"""Each service's limits, one module per service: what a message may hold, as the service documents it.

Renderers and senders import these; nothing else restates a limit's number.
"""
