"""What the measuring scripts share: the server started on a free port of 127.0.0.1, and
waited for until it answers."""
import socket
import subprocess
import sys
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url):
    """The status and body of a GET of `url`."""
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read()


def serve(binary, port, args, log, env=None):
    """Starts `binary serve` on `port` with `args`, and waits for its first 200 on /.
    Gives the process and the milliseconds from its start to that answer."""
    started = time.monotonic()
    server = subprocess.Popen(
        [binary, "serve", "--addr", f"127.0.0.1:{port}"] + args,
        env=env, stdout=subprocess.DEVNULL, stderr=log)
    while True:
        try:
            if get(f"http://127.0.0.1:{port}/")[0] == 200:
                break
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() - started > 60:
            sys.exit("no answer after 60 s")
        time.sleep(0.005)
    return server, (time.monotonic() - started) * 1000
