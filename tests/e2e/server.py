"""Keeping the live server's requests and the test's own database work apart.

With SQLite the test database lives in memory, and every request thread of the
live server uses the test's own connection. Two requests at once (the admin
autosaves a draft while its preview panel posts the same form), a request still
running while the test reads the database, or one arriving while the database
is flushed after a test (a browser asks for /favicon.ico on its own, after the
page has loaded) would interleave their queries and transactions on that one
connection. So the server handles one request at a time, and tests wait for it
to go quiet before touching the database.
"""

import threading


class SerialRequests:
    """A WSGI wrapper that runs one request at a time and counts those accepted but not finished."""

    def __init__(self, app):
        self.app = app
        self.one_at_a_time = threading.Lock()
        self.pending = 0
        self.changed = threading.Condition()

    def __call__(self, environ, start_response):
        with self.changed:
            self.pending += 1
        try:
            with self.one_at_a_time:
                response = self.app(environ, start_response)
                try:
                    yield from response
                finally:
                    # The server closes this generator, not Django's response: pass it on so
                    # Django's request_finished handlers run.
                    response.close()
        finally:
            with self.changed:
                self.pending -= 1
                self.changed.notify_all()

    def wait_until_idle(self, timeout=10):
        """Block until every request accepted so far has finished; fail after ``timeout`` seconds."""
        with self.changed:
            if not self.changed.wait_for(lambda: self.pending == 0, timeout):
                raise TimeoutError(f"the live server is still handling {self.pending} request(s)")


def serialise_requests(live_server):
    """Wrap pytest-django's ``live_server`` application in ``SerialRequests`` (once); return the wrapper."""
    httpd = live_server.thread.httpd
    app = httpd.get_app()
    if not isinstance(app, SerialRequests):
        app = SerialRequests(app)
        httpd.set_app(app)
    return app
