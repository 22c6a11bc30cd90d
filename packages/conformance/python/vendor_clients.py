"""Drives an Eyeglass API the way the vendor's own clients do, with python-requests.

Two clients are copied in their wire shapes, not in their code:
  * the swagger-codegen Python client generated from Superna's spec: every request carries
    Content-Type: application/json, POST and DELETE send the literal body {}, booleans are
    written by str(bool) ("True"), and its exporter adds an HTTP Basic Authorization header;
  * DR-MCP (python-requests): Content-Type: application/json on every request, GETs included,
    POSTs with no body, DELETE with json={}, booleans passed as Python bools ("True"), and
    foReadiness alone lowercased.

Usage: vendor_clients.py MODE BASE_URL API_KEY, with the key also readable from EYEGLASS_API_KEY.
  discovery  a discovery-first failover script: nodes -> zones with readiness -> launch -> poll
             -> log -> readiness after -> a second launch cancelled with DELETE {}
  shapes     each vendor wire shape of a read beside its canonical form: same status and body
  launches   every POST and the DELETE in the swagger client's shape, read back through the
             vendor model's enum checks
Prints one JSON object per line and a final {"done": true}; exits 1 on the first failure.
"""
import json
import os
import sys
import time

import requests

# How long a job may take; a zone failover takes about a minute on a simulator at speed 1.
WAIT_S = float(os.environ.get("EYEGLASS_WAIT_S", "600"))
POLL_S = float(os.environ.get("EYEGLASS_POLL_S", "0.05"))

VENDOR_JOB_TYPES = {"zone_failover", "policy_failover"}
VENDOR_READINESS = {
    "OK", "INFO", "WARNING", "ERROR", "DISABLED",
    "PARTIALLY_FAILED_OVER", "FAILED_OVER", "REHEARSAL_ACTIVE", "NOT_ELIGIBLE",
}


class Failed(Exception):
    pass


def emit(**record):
    print(json.dumps(record, sort_keys=True), flush=True)


def check(condition, message):
    if not condition:
        raise Failed(message)


def vendor_model(value, at="body"):
    """Raises where the vendor's generated models would refuse to deserialize an answer."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            vendor_model(item, f"{at}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            where = f"{at}.{key}"
            if key == "jobType":
                check(item in VENDOR_JOB_TYPES, f"{where} is {item!r}, which the vendor client refuses")
            if key == "failoverReadiness" or (key == "status" and isinstance(item, dict)):
                status = item.get("status") if isinstance(item, dict) else None
                check(status in VENDOR_READINESS, f"{where}.status is {status!r}, which the vendor client refuses")
            vendor_model(item, where)


class Swagger:
    """The swagger-codegen client's wire shape (rest.py)."""

    def __init__(self, base, key):
        self.base = base
        self.session = requests.Session()
        self.session.headers.update({"api_key": key, "Content-Type": "application/json", "Accept": "application/json"})
        self.session.auth = ("exporter", "not-the-api-key")

    def call(self, method, path, params=None):
        # str(bool) for every boolean: "True", "False".
        query = {name: str(value) for name, value in (params or {}).items()}
        body = "{}" if method in ("POST", "DELETE") else None
        return self.session.request(method, self.base + path, params=query, data=body, timeout=30)


class DrMcp:
    """DR-MCP's wire shape (python-requests, a JSON Content-Type everywhere)."""

    def __init__(self, base, key):
        self.base = base
        self.session = requests.Session()
        self.session.headers.update({"api_key": key, "Content-Type": "application/json"})

    def get(self, path, params=None):
        return self.session.get(self.base + path, params=params, timeout=30)

    def post(self, path, params):
        return self.session.post(self.base + path, params=params, timeout=30)

    def delete(self, path):
        return self.session.delete(self.base + path, json={}, timeout=30)


def ok(response, status=200):
    check(response.status_code == status, f"{response.request.method} {response.url} answered {response.status_code}: {response.text[:300]}")
    if response.headers.get("content-type", "").startswith("application/json"):
        value = response.json()
        vendor_model(value)
        return value
    return response.text


def wait_finished(client, job_id, timeout_s):
    deadline = time.time() + timeout_s
    while True:
        job = ok(client.get(f"/v2/jobs/failover/{job_id}"))
        if job["jobStatusDetails"]["state"] == "finished":
            return job
        check(time.time() < deadline, f"job {job_id} did not finish in {timeout_s} s")
        time.sleep(POLL_S)


def by_name(items, name):
    found = [item for item in items if item["name"] == name]
    check(len(found) == 1, f"expected one {name!r} in {[item['name'] for item in items]}")
    return found[0]


def discovery(base, key):
    client = DrMcp(base, key)
    check(ok(client.get("/v1/healthcheck")).isdigit(), "the health check is not a timestamp")
    nodes = ok(client.get("/v1/nodes"))
    source, target = by_name(nodes, "production"), by_name(nodes, "dr")
    emit(step="nodes", nodes=[node["name"] for node in nodes])
    zones = ok(client.get(f"/v1/nodes/{source['id']}/zones", {"foReadiness": "true"}))
    finance = by_name(zones, "finance")
    check(finance["failoverReadiness"]["status"] == "OK", f"finance reads {finance['failoverReadiness']}")
    emit(step="zones", readiness={zone["name"]: zone["failoverReadiness"]["status"] for zone in zones})
    launched = ok(client.post("/v2/jobs/failover", {
        "sourceid": source["id"], "targetid": target["id"], "failovertarget": finance["id"],
        "blockonwarnings": True, "controlled": True, "datasync": True, "configsync": False,
    }), 201)
    job = wait_finished(client, launched["id"], WAIT_S)
    check(job["success"] is True, f"the failover did not succeed: {job['jobStatusDetails']}")
    emit(step="failover", id=job["id"], jobType=job["jobType"], success=job["success"])
    log = ok(client.get(f"/v2/jobs/failover/{job['id']}/log"))
    check("configsync=false" in log and "controlled=true" in log, f"the log does not show the options sent: {log[:400]}")
    emit(step="log", lines=len(log.splitlines()))
    after = ok(client.get(f"/v1/nodes/{source['id']}/zones/finance"))
    check(after["failoverReadiness"]["status"] == "FAILED_OVER", f"finance reads {after['failoverReadiness']} after its failover")
    emit(step="readiness after", finance=after["failoverReadiness"]["status"])
    hr = by_name(zones, "hr")
    second = ok(client.post("/v2/jobs/failover", {
        "sourceid": source["id"], "targetid": target["id"], "failovertarget": hr["id"], "controlled": False,
    }), 201)
    cancelled = ok(client.delete(f"/v2/jobs/failover/{second['id']}"))
    check(cancelled["id"] == second["id"], "the cancel did not answer the job")
    done = wait_finished(client, second["id"], WAIT_S)
    check(done["success"] is False, "a cancelled job finished with success")
    emit(step="cancel", id=second["id"], success=done["success"])


def shapes(base, key, node):
    """Reads in each vendor shape beside the canonical one: the answers must be the same."""
    canonical = requests.Session()
    canonical.headers.update({"api_key": key})
    swagger = Swagger(base, key)
    drmcp = DrMcp(base, key)
    reads = [
        ("capitalized boolean", "/v2/jobs/failover", {"success": False}, {"success": "false"}),
        ("capitalized boolean True", "/v2/jobs/failover", {"success": True}, {"success": "true"}),
        ("enum in capitals", "/v2/jobs/failover", {"state": "RUNNING"}, {"state": "running"}),
        ("enum capitalized", "/v2/jobs/readiness", {"state": "Finished"}, {"state": "finished"}),
        ("foReadiness True", f"/v1/nodes/{node}/zones", {"foReadiness": True}, {"foReadiness": "true"}),
        ("foReadiness FALSE", f"/v1/nodes/{node}/policies", {"foReadiness": "FALSE"}, {"foReadiness": "false"}),
        ("no parameters", "/v1/nodes", {}, {}),
    ]
    for name, path, vendor_params, canonical_params in reads:
        want = canonical.get(base + path, params=canonical_params, timeout=30)
        for client_name, response in (
            ("swagger", swagger.call("GET", path, vendor_params)),
            ("dr-mcp", drmcp.get(path, vendor_params)),
        ):
            check(response.status_code == want.status_code, f"{name} ({client_name}): {response.status_code}, canonical {want.status_code}: {response.text[:200]}")
            check(response.text == want.text, f"{name} ({client_name}): the body differs from the canonical answer")
            vendor_model(response.json())
        emit(shape=name, status=want.status_code)
    # A spelling no client writes is refused, naming the parameter and the accepted spellings.
    refused = swagger.call("GET", "/v2/jobs/failover", {"success": "yes"})
    check(refused.status_code == 400, f"success=yes answered {refused.status_code}")
    message = refused.json()["message"]
    check("'success'" in message and "true or false" in message, f"unclear refusal: {message}")
    emit(shape="success=yes refused", status=400, message=message)


def launches(base, key, source, target, zone, policy):
    """Every POST and the DELETE in the swagger client's shape ({} bodies, JSON type, Basic)."""
    swagger = Swagger(base, key)
    created = {}
    for name, path, params in (
        ("rehearsal", "/v2/jobs/failover/rehearsal", {"enable": True, "sourceid": source, "targetid": target, "failovertarget": zone}),
        ("drtest", "/v2/jobs/failover/drtest", {"enable": True, "policy": policy, "datasync": False}),
        ("readiness", "/v2/jobs/readiness", {}),
        ("replication", "/v2/jobs/replication", {}),
    ):
        response = swagger.call("POST", path, params)
        check(response.status_code in (200, 201), f"{name}: {response.status_code} {response.text[:300]}")
        created[name] = response.json()["id"]
        emit(launch=name, status=response.status_code)
    cancelled = swagger.call("DELETE", f"/v2/jobs/failover/{created['rehearsal']}")
    check(cancelled.status_code in (200, 409), f"cancel: {cancelled.status_code} {cancelled.text[:300]}")
    emit(cancel=cancelled.status_code)
    listed = ok(swagger.call("GET", "/v2/jobs/failover"))
    check({job["id"] for job in listed} >= {created["rehearsal"], created["drtest"]}, "the list lacks the jobs just created")
    for kind in ("readiness", "replication"):
        ok(swagger.call("GET", f"/v2/jobs/{kind}/{created[kind]}"))
    odd = swagger.call("POST", "/v2/jobs/failover", {"sourceid": source, "targetid": target, "failovertarget": zone, "controlled": 1})
    check(odd.status_code == 400 and "'controlled'" in odd.json()["message"], f"controlled=1 answered {odd.status_code} {odd.text[:200]}")
    body = swagger.session.post(base + "/v2/jobs/readiness", data='{"controlled": false}', timeout=30)
    check(body.status_code == 400 and "query parameters" in body.json()["message"], f"a body with an option answered {body.status_code} {body.text[:200]}")
    emit(refused=["controlled=1", "a body with an option"])


def main(argv):
    mode, base, key = argv[1], argv[2].rstrip("/"), argv[3] if len(argv) > 3 and argv[3] else None
    key = key or os.environ["EYEGLASS_API_KEY"]
    try:
        if mode == "discovery":
            discovery(base, key)
        elif mode == "shapes":
            shapes(base, key, argv[4])
        elif mode == "launches":
            launches(base, key, *argv[4:8])
        else:
            raise Failed(f"unknown mode {mode}")
    except Failed as failure:
        emit(failed=str(failure))
        return 1
    emit(done=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
