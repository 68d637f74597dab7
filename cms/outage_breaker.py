"""A circuit breaker for a part the site can do without: given up on when it fails, left alone for a while.

The Redis cache (cms/cache_outage.py) and the media storage (cms/storage_failures.py)
each have one (pybreaker), shared by every call of the process: the first error that
says the part is unreachable or failing opens it, and for ``retry_after`` seconds every
call fails at once without touching the network. After the pause, the next call tries
the part again: success closes the breaker, failure opens it for another pause.

The log gets one warning when the part is given up on, naming the failure, and one line
when it answers again: not one per request.
"""

import pybreaker


class OutageLog(pybreaker.CircuitBreakerListener):
    """Logs ``given_up`` (with the pause, a ``%s``, and the failure) on opening, ``back`` on closing."""

    def __init__(self, logger, given_up, back):
        self.logger = logger
        self.given_up = given_up
        self.back = back
        self.last_failure = None

    def failure(self, breaker, error):
        self.last_failure = error

    def state_change(self, breaker, old, new):
        if new.name == pybreaker.STATE_OPEN:
            self.logger.warning(f"{self.given_up} Failure: %r", breaker.reset_timeout, self.last_failure)
        elif new.name == pybreaker.STATE_CLOSED and old is not None and old.name != pybreaker.STATE_CLOSED:
            self.logger.warning(self.back)


def outage_breaker(name, retry_after, is_outage, logger, given_up, back):
    """A breaker opened by the first error for which ``is_outage(error)`` is true.

    Other errors (an answer about one request, a wrong command) say nothing about whether
    the part is reachable: they count as the part answering.
    """
    return pybreaker.CircuitBreaker(
        fail_max=1,
        reset_timeout=retry_after,
        exclude=[lambda error: not is_outage(error)],
        listeners=[OutageLog(logger, given_up, back)],
        name=name,
    )


def guarded(breaker, skipped, call, *args, **kwargs):
    """``call(*args, **kwargs)`` through ``breaker``; ``skipped(message)`` raised instead while it is open.

    ``skipped`` is the error the callers of ``call`` already handle as the part failing.
    """
    try:
        return breaker.call(call, *args, **kwargs)
    except pybreaker.CircuitBreakerError as error:
        raise skipped(f"{breaker.name} skipped: {error}") from error
