"""``make audit``: fail on a known vulnerability that has a fix, in the installed packages.

Runs pip-audit against this virtualenv (PyPI's vulnerability data). A vulnerability with
no fixed release yet is printed but does not fail the build: there is nothing to upgrade
to. Without network access to the vulnerability service the step is skipped with a
message instead of failing, so CI on an offline machine still runs the rest.
"""

from __future__ import annotations

import json
import subprocess  # runs our own pip-audit with fixed arguments  # nosec B404
import sys
import urllib.request
from pathlib import Path

SERVICE = "https://pypi.org/pypi/pip/json"
PIP_AUDIT = Path(sys.executable).with_name("pip-audit")


def service_reachable(timeout: float = 10.0) -> bool:
    try:
        with urllib.request.urlopen(SERVICE, timeout=timeout) as response:  # nosec B310
            return bool(response.status == 200)
    except OSError:
        return False


def main() -> int:
    if not service_reachable():
        print(f"audit: skipped, the vulnerability service ({SERVICE}) cannot be reached")
        return 0
    result = subprocess.run(  # noqa: S603  # nosec B603
        [str(PIP_AUDIT), "--local", "--skip-editable", "-f", "json", "--progress-spinner", "off"],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print(result.stderr.strip() or "audit: pip-audit gave no report", file=sys.stderr)
        return 2
    fixable, unfixed = [], []
    for dep in report.get("dependencies", []):
        for vuln in dep.get("vulns", []):
            line = f"{dep['name']} {dep['version']}: {vuln['id']}"
            if vuln.get("fix_versions"):
                fixable.append(f"{line} (fixed in {', '.join(vuln['fix_versions'])})")
            else:
                unfixed.append(f"{line} (no fix released yet)")
    for line in unfixed:
        print(f"audit: warning: {line}")
    for line in fixable:
        print(f"audit: VULNERABLE: {line}")
    checked = len(report.get("dependencies", []))
    print(f"audit: {checked} packages checked, {len(fixable)} fixable vulnerabilities")
    return 1 if fixable else 0


if __name__ == "__main__":
    sys.exit(main())
