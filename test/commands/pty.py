"""Run a command with its standard error on a pseudo-terminal and its standard output on a pipe.

Prints one JSON object: {"code": exit status, "stdout": ..., "stderr": ...} (text decoded as UTF-8).
Usage: python3 pty.py <command> [args...]; the environment is passed through as it is.
"""
import json
import os
import subprocess
import sys

master, slave = os.openpty()
child = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave)
os.close(slave)
err = b""
while True:
    try:
        chunk = os.read(master, 65536)
    except OSError:  # EIO: the child closed its end
        break
    if not chunk:
        break
    err += chunk
out = child.stdout.read()
code = child.wait()
print(json.dumps({"code": code, "stdout": out.decode("utf-8"), "stderr": err.decode("utf-8")}))
