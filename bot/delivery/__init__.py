"""Daily digests to every kind of place, by one scheduler over a ``Sink`` protocol.

- ``scheduler.py``: the one loop (decide, claim, render, send, record; retries; settle unfinished claims).
- ``claim.py``: the one claim rule (claimed once or skipped beyond CATCHUP_GRACE) and the retry back-off.
- ``sink.py``: the ``Sink`` protocol, the ``Target`` a sink lists, ``SendError``, the ``DigestBuilder`` protocol.
- one module per sink: ``channel.py`` (the bot in a Discord channel), ``discord_webhook.py``, ``slack.py``,
  ``email.py`` (``webhook.py`` holds what the two webhook sinks share).
- ``preview.py``: a target's next post as it would go out now (``/schedule preview``, ``/schedule test``,
  ``schedule preview``), never claimed; ``explain.py``: why-not for a schedule (its window, where a post went).

Adding a sink (Telegram, Matrix, ...) is one new module plus its tests: a class with the ``Sink`` methods
(``name``, ``ready``, ``targets``/``target``, ``render``, ``send``, ``resolve``, ``note``, ``sent``,
``end_round``), whose ``send`` raises ``SendError(retry=...)`` and whose ``resolve`` says what a claim left
unfinished by a crash means for that service (read back like a channel, or give up like a webhook). Its
targets are schedule rows whose ``target`` column is the sink's name, and ``runner.daily_posts`` lists it.
Claims, catch-up, retries that survive restarts and error recording come from the core unchanged.
"""
