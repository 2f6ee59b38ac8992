#!/usr/bin/env bash
# Makes the key pair for a Salesforce connected app's JWT bearer flow, and prints the next commands with your values:
#   private-key.pem   RSA 2048, PKCS#8 PEM (label PRIVATE KEY): goes into the Secrets Manager secret
#   certificate.crt   self-signed X.509 certificate of that key: uploaded to the connected app
#                     ("Use digital signatures")
#
# usage: make-jwt-key.sh [DIR] [DAYS]
#   DIR   where to write them (default ./connected-app-key/); must not hold a key already
#   DAYS  certificate validity in days (default 365). Salesforce rejects assertions once the
#         uploaded certificate has expired: put the renewal in a calendar.
# usage: make-jwt-key.sh --secret-json DIR
#   prints the connected app secret's JSON, built from DIR/private-key.pem and the environment
#   (CONSUMER_KEY, CONSUMER_SECRET, CONNECTED_APP), for piping into `aws secretsmanager`; refuses a terminal
# env:    CONNECTED_APP   the connected app's API name (default TokenBroker): the policy audit reads the app by it
#         SF_USERNAME     the integration user          CONNECTION_ID   the connection's id (default acme-prod)
#         LOGIN_HOST      login | test | a My Domain URL (default login)
#         CALLER_ROLE_ARN the IAM role allowed to fetch the token
#         STACK_NAME      the broker's CloudFormation stack (default token-broker)
#         SECRET_ID       the secret (default token-broker/connected-apps/default)
#         CERT_CN         certificate subject CN (default "token-broker JWT bearer")
#
# The key never leaves DIR except through --secret-json into a pipe, and DIR is refused when it lies inside a git
# work tree without being ignored.
set -euo pipefail

SCRIPT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")
export CONNECTED_APP=${CONNECTED_APP:-TokenBroker}

if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
  sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'
  exit 0
fi

# The secret's JSON: consumer_key, connected_app, private_key, and consumer_secret when given.
if [[ "${1:-}" == "--secret-json" ]]; then
  KEY="${2:?usage: make-jwt-key.sh --secret-json DIR}/private-key.pem"
  [[ -r "$KEY" ]] || { echo "no readable $KEY" >&2; exit 1; }
  [[ -n "${CONSUMER_KEY:-}" ]] || { echo "CONSUMER_KEY is not set (App Manager > the app > View > Manage Consumer Details)" >&2; exit 2; }
  if [[ -t 1 ]]; then
    echo "the secret holds the private key: pipe it (| aws secretsmanager put-secret-value ...), do not print it" >&2
    exit 2
  fi
  if command -v jq >/dev/null; then
    jq -n --rawfile private_key "$KEY" \
      '{consumer_key: env.CONSUMER_KEY, connected_app: env.CONNECTED_APP, private_key: $private_key}
       + (if (env.CONSUMER_SECRET // "") != "" then {consumer_secret: env.CONSUMER_SECRET} else {} end)'
  else
    python3 -c 'import json, os, sys
secret = {"consumer_key": os.environ["CONSUMER_KEY"], "connected_app": os.environ["CONNECTED_APP"], "private_key": open(sys.argv[1]).read()}
if os.environ.get("CONSUMER_SECRET"):
    secret["consumer_secret"] = os.environ["CONSUMER_SECRET"]
print(json.dumps(secret))' "$KEY"
  fi
  exit 0
fi

DIR=${1:-./connected-app-key}
DAYS=${2:-365}
CERT_CN=${CERT_CN:-token-broker JWT bearer}
SECRET_ID=${SECRET_ID:-token-broker/connected-apps/default}
STACK_NAME=${STACK_NAME:-token-broker}
CONNECTION_ID=${CONNECTION_ID:-acme-prod}
LOGIN_HOST=${LOGIN_HOST:-login}
SF_USERNAME=${SF_USERNAME:-<integration user, e.g. integration@acme.example>}
CALLER_ROLE_ARN=${CALLER_ROLE_ARN:-<caller role ARN, e.g. arn:aws:iam::123456789012:role/acme-sync-job>}

if ! [[ "$DAYS" =~ ^[1-9][0-9]*$ ]]; then
  echo "DAYS must be a positive number of days, got '$DAYS'" >&2
  exit 2
fi
command -v openssl >/dev/null || { echo "openssl is required" >&2; exit 1; }

KEY="$DIR/private-key.pem"
CRT="$DIR/certificate.crt"
if [[ -e "$KEY" || -e "$CRT" ]]; then
  echo "$DIR already holds a key or certificate; refusing to overwrite it (move it away first)." >&2
  exit 1
fi

umask 077
mkdir -p "$DIR"
chmod 700 "$DIR"

# Never write a key into a repository: inside a git work tree the file must be ignored.
if git -C "$DIR" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  if ! git -C "$DIR" check-ignore -q "$(cd "$DIR" && pwd)/private-key.pem"; then
    echo "$DIR is inside a git work tree and not ignored there; choose a directory outside the" >&2
    echo "repository, or the default ./connected-app-key/ (this project's .gitignore ignores it)." >&2
    rmdir "$DIR" 2>/dev/null || true
    exit 1
  fi
fi

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$KEY" 2>/dev/null
openssl req -new -x509 -sha256 -key "$KEY" -days "$DAYS" -subj "/CN=$CERT_CN" -out "$CRT"
chmod 600 "$KEY"
chmod 644 "$CRT"

# sanity: the key is PKCS#8 and the certificate belongs to it
PKCS8_LABEL="PRIVATE KEY"
head -n 1 "$KEY" | grep -qx -- "-----BEGIN $PKCS8_LABEL-----" || { echo "unexpected key format" >&2; exit 1; }
if [[ "$(openssl pkey -in "$KEY" -pubout | openssl sha256)" != "$(openssl x509 -in "$CRT" -noout -pubkey | openssl sha256)" ]]; then
  echo "certificate does not match the key" >&2
  exit 1
fi

ABS_DIR=$(cd "$DIR" && pwd)
NOT_AFTER=$(openssl x509 -in "$CRT" -noout -enddate | cut -d= -f2)
FINGERPRINT=$(openssl x509 -in "$CRT" -noout -fingerprint -sha256 | cut -d= -f2)

cat <<EOF
Wrote
  $ABS_DIR/private-key.pem    (private key, mode 600: keep it out of repositories, chat and tickets)
  $ABS_DIR/certificate.crt    (certificate, valid until $NOT_AFTER)
  SHA-256 fingerprint $FINGERPRINT

Next steps (infra/connected-app/README.md explains each)
  1. Connected app $CONNECTED_APP: Setup > App Manager > (the app) > Edit > API (Enable OAuth Settings) >
     "Use digital signatures": upload $ABS_DIR/certificate.crt, save.
     (Or paste the certificate into <certificate> of infra/connected-app/TokenBroker.connectedApp-meta.xml.)
     Renew it before $NOT_AFTER: an expired certificate fails every JWT login.

  2. Store the key, the consumer key (and consumer secret, if refresh-token connections use this app) and the
     app's API name in Secrets Manager. The JSON is built from the key file and piped to the CLI, so the key is
     never echoed or passed on a command line:

     read -rp 'Consumer key: ' CONSUMER_KEY
     read -rsp 'Consumer secret (Enter for none): ' CONSUMER_SECRET; echo
     CONSUMER_KEY="\$CONSUMER_KEY" CONSUMER_SECRET="\$CONSUMER_SECRET" CONNECTED_APP='$CONNECTED_APP' \\
       '$SCRIPT' --secret-json '$ABS_DIR' \\
       | aws secretsmanager put-secret-value --secret-id '$SECRET_ID' --secret-string file:///dev/stdin
     unset CONSUMER_KEY CONSUMER_SECRET

  3. Once the secret holds it, delete the local copy of the key (shred -u $ABS_DIR/private-key.pem),
     or keep it only in a vault. The certificate is public.

  4. Register the connection through the ops API, signed with SigV4 as an ops principal (OpsPrincipalArns):

     REGION=\$(aws configure get region)
     API=\$(aws cloudformation describe-stacks --stack-name '$STACK_NAME' \\
       --query "Stacks[0].Outputs[?OutputKey=='TokenApiUrl'].OutputValue" --output text)
     awscurl --service execute-api --region "\$REGION" -X POST -H 'Content-Type: application/json' \\
       -d '{"id":"$CONNECTION_ID","login_host":"$LOGIN_HOST","username":"$SF_USERNAME","credentials_ref":"$SECRET_ID","allowed_principals":["$CALLER_ROLE_ARN"]}' \\
       "\${API}ops/connections"

  5. Fetch the token as $CALLER_ROLE_ARN (its credentials in the environment):

     awscurl --service execute-api --region "\$REGION" "\${API}connections/$CONNECTION_ID/token"

  6. Run the policy audit and read its table:

     awscurl --service execute-api --region "\$REGION" -X POST "\${API}ops/policy-audit"
     awscurl --service execute-api --region "\$REGION" "\${API}ops/policy-audit?format=table"
EOF
