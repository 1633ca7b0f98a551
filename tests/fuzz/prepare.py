"""Gives the fuzzer its own identity on a fresh sandbox: a service user `fuzzer` with every
permission and keys, made with the sandbox admin's credentials. Prints the Authorization header
value for schemathesis on stdout.

Usage: python prepare.py DATA_DIR
"""

import json
import sys
from pathlib import Path

import requests

credentials = json.loads((Path(sys.argv[1]) / "admin-credentials.json").read_text())
base = credentials["baseUrl"]
admin = {"Authorization": f"trustgrid-token {credentials['clientId']}:{credentials['secret']}"}
created = requests.post(
    f"{base}/v2/service-user",
    json={"name": "fuzzer", "policyIds": ["builtin-tg-admin"], "status": "active"},
    headers=admin,
    timeout=10,
)
created.raise_for_status()
keys = requests.post(f"{base}/v2/service-user/fuzzer/token", headers=admin, timeout=10)
keys.raise_for_status()
print(f"trustgrid-token {keys.json()['clientId']}:{keys.json()['secret']}")
