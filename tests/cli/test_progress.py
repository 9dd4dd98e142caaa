"""Progress on stderr: a bar redrawn in place with rows/s and ETA on a terminal, plain lines
when stderr is a file or pipe, nothing with --quiet. The summary goes to stdout either way."""

import os
import pty
import subprocess

from conftest import NOW


def rows(n):
    return "phone\r\n" + "".join(f"1380000{i:04d}\r\n" for i in range(n))


def command(cli, *extra):
    return [cli.exe, "--store", cli.store, "--as", "boss", "--now", NOW, *extra, "import", "in.csv", "--channel", "web"]


def test_on_a_terminal_the_bar_is_redrawn_in_place(cli):
    cli.write("in.csv", rows(300))
    leader, follower = pty.openpty()
    done = subprocess.run(command(cli), cwd=cli.dir, stdout=subprocess.PIPE, stderr=follower, timeout=120)
    os.close(follower)
    screen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        screen += chunk
    os.close(leader)
    text = screen.decode("utf-8")
    assert done.returncode == 0
    assert "\r" in text and "\x1b[K" in text            # redrawn in place
    assert "[##############################] 100%" in text
    assert "300 rows" in text and "rows/s" in text
    assert b"created     300" in done.stdout


def test_the_last_bar_says_how_long_it_took(cli):
    # Bars drawn while reading show the ETA (every 100 ms: not asserted); the last one the time taken.
    cli.write("in.csv", rows(10))
    leader, follower = pty.openpty()
    subprocess.run(command(cli), cwd=cli.dir, stdout=subprocess.DEVNULL, stderr=follower, timeout=120)
    os.close(follower)
    text = os.read(leader, 65536).decode("utf-8")
    os.close(leader)
    assert " in 0:0" in text


def test_not_a_terminal_plain_lines(cli):
    cli.write("in.csv", rows(300))
    done = subprocess.run(command(cli), cwd=cli.dir, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0
    progress = [line for line in done.stderr.splitlines() if line.startswith("import in.csv:")]
    assert progress and progress[-1].startswith("import in.csv: 300 rows, ") and "(100%)" in progress[-1]
    assert "\r" not in done.stderr and "\x1b" not in done.stderr
    assert "created     300" in done.stdout


def test_quiet_shows_no_progress(cli):
    cli.write("in.csv", rows(5))
    done = subprocess.run(command(cli, "--quiet"), cwd=cli.dir, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stderr == ""
    assert "created     5" in done.stdout
