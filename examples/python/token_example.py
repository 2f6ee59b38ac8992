"""Fetch a Salesforce token from the broker (SigV4-signed with your AWS credentials), use it with simple-salesforce,
and follow the 401 rule: report a rejected token once, retry once with the token the broker answers.

    BROKER_URL=https://abc123.execute-api.eu-west-1.amazonaws.com AWS_REGION=eu-west-1 python token_example.py sync-prod
"""
import os
import sys

import botocore.session
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from simple_salesforce import Salesforce, SalesforceExpiredSession

BROKER_URL = os.environ["BROKER_URL"].rstrip("/")
REGION = os.environ.get("AWS_REGION", "us-east-1")
CREDENTIALS = botocore.session.get_session().get_credentials()  # the default provider chain


def broker(method, path, body=None):
    request = AWSRequest(method=method, url=BROKER_URL + path, data=body,
                         headers={"Content-Type": "application/json"} if body else {})
    SigV4Auth(CREDENTIALS, "execute-api", REGION).add_auth(request)
    response = requests.request(method, request.url, headers=dict(request.headers), data=body, timeout=30)
    if response.status_code != 200:
        error = response.json()  # {"error": "...", "message": "...", "cause"?: "...", "fix"?: "..."}
        raise RuntimeError(f"{error['error']}: {error['message']} {error.get('fix', '')}")
    return response.json()


def token(connection):
    return broker("GET", f"/connections/{connection}/token")


def rejected(connection, served):
    return broker("POST", f"/connections/{connection}/token/rejected", '{"fingerprint": "%s"}' % served["fingerprint"])


def salesforce(served):
    sf = Salesforce(instance_url=served["instance_url"], session_id=served["access_token"])
    if served["instance_url"].startswith("http://"):  # the local simulator speaks plain HTTP; Salesforce never does
        sf.base_url = sf.base_url.replace("https://", "http://", 1)
    return sf


def main(connection):
    served = token(connection)
    try:
        limits = salesforce(served).limits()
    except SalesforceExpiredSession:  # 401 INVALID_SESSION_ID: tell the broker once, retry once
        served = rejected(connection, served)
        limits = salesforce(served).limits()
        print("Salesforce rejected the first token; retried with the broker's answer")
    print("DailyApiRequests remaining:", limits["DailyApiRequests"]["Remaining"])


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "demo")
