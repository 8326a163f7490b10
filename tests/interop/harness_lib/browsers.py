"""How each browser is started: headless, a fresh profile, flags and prefs from shared/BROWSERS.md.

Both browsers run as a process group of their own inside the run's namespace; stop() kills the
group, and the harness then kills whatever is left in the namespace, so helper processes
(renderers, GPU and network services, crash handlers) never outlive a run.
"""
import os
import shutil
import signal
import subprocess

from . import namespace

# Chromium 156 (Debian package `chromium`).
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # Host candidates as plain IP addresses, not mDNS `.local` names lucid cannot resolve.
    "--disable-features=WebRtcHideLocalIpsWithMdns",
    # The page's console.log lines in browser.log, for reading a failed run.
    "--enable-logging=stderr", "--v=0",
]
CHROMIUM_FAKE_MEDIA = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]

# Firefox ESR 153 (Debian package `firefox-esr`), written to user.js in the fresh profile.
FIREFOX_PREFS = {
    # Host candidates as plain IP addresses, and candidates on loopback allowed.
    "media.peerconnection.ice.obfuscate_host_addresses": False,
    "media.peerconnection.ice.loopback": True,
    "browser.shell.checkDefaultBrowser": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "toolkit.telemetry.enabled": False,
    "app.update.enabled": False,
    "network.captive-portal-service.enabled": False,
    # Not in BROWSERS.md, for the harness: the page's console in browser.log, window.close()
    # allowed, no first-run pages.
    "devtools.console.stdout.content": True,
    "dom.allow_scripts_to_close_windows": True,
    "browser.aboutwelcome.enabled": False,
    "browser.startup.homepage_override.mstone": "ignore",
}
FIREFOX_FAKE_MEDIA = {
    "media.navigator.streams.fake": True,
    "media.navigator.permission.disabled": True,
}

EXECUTABLES = {"chromium": "chromium", "firefox": "firefox-esr"}


def installed(browser):
    return shutil.which(EXECUTABLES[browser]) is not None


def _pref_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def command(browser, profile_dir, url, fake_media):
    """The command line that opens `url`, with a new profile made in profile_dir."""
    os.makedirs(profile_dir)
    if browser == "chromium":
        flags = CHROMIUM_FLAGS + (CHROMIUM_FAKE_MEDIA if fake_media else [])
        return ["chromium", *flags, f"--user-data-dir={profile_dir}", url]
    prefs = dict(FIREFOX_PREFS, **(FIREFOX_FAKE_MEDIA if fake_media else {}))
    with open(os.path.join(profile_dir, "user.js"), "w") as f:
        for key, value in prefs.items():
            f.write(f'user_pref("{key}", {_pref_value(value)});\n')
    return ["firefox-esr", "--headless", "--no-remote", "--profile", profile_dir, url]


class Browser:
    def __init__(self, ns, argv, log_path, home):
        os.makedirs(home, exist_ok=True)
        env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=home, XDG_CACHE_HOME=home,
                   MOZ_CRASHREPORTER_DISABLE="1")
        env.pop("DISPLAY", None)
        env.pop("WAYLAND_DISPLAY", None)
        self.log = open(log_path, "wb")
        self.proc = subprocess.Popen(namespace.exec_prefix(ns) + argv, stdin=subprocess.DEVNULL,
                                     stdout=self.log, stderr=subprocess.STDOUT, env=env,
                                     start_new_session=True)

    def poll(self):
        return self.proc.poll()

    def stop(self):
        """Kills the browser's whole process group; a throwaway profile needs no clean exit."""
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            pass
        self.log.close()


def start(ns, argv, log_path):
    return Browser(ns, argv, log_path, os.path.join(os.path.dirname(log_path), "home"))
