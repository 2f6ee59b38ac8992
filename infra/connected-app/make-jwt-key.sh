#!/usr/bin/env bash
# Makes the key pair for a Salesforce connected app's JWT bearer flow:
#   private-key.pem   RSA 2048, PKCS#8 PEM ("BEGIN PRIVATE KEY"): goes into the Secrets Manager secret
#   certificate.crt   self-signed X.509 certificate of that key: uploaded to the connected app
#                     ("Use digital signatures")
#
# usage: make-jwt-key.sh [DIR] [DAYS]
#   DIR   where to write them (default ./connected-app-key/); must not hold a key already
#   DAYS  certificate validity in days (default 365). Salesforce rejects assertions once the
#         uploaded certificate has expired: put the renewal in a calendar.
# env:    CERT_CN       certificate subject CN (default "token-broker JWT bearer")
#         SECRET_ID     secret name printed in the next steps (default token-broker/connected-apps/default)
#
# The key never leaves DIR: nothing here prints it, and DIR is refused when it lies inside a git
# work tree without being ignored.
set -euo pipefail

DIR=${1:-./connected-app-key}
DAYS=${2:-365}
CERT_CN=${CERT_CN:-token-broker JWT bearer}
SECRET_ID=${SECRET_ID:-token-broker/connected-apps/default}

if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
  sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
  exit 0
fi
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
head -n 1 "$KEY" | grep -q -- '-----BEGIN PRIVATE KEY-----' || { echo "unexpected key format" >&2; exit 1; }
if [[ "$(openssl pkey -in "$KEY" -pubout | openssl sha256)" != "$(openssl x509 -in "$CRT" -noout -pubkey | openssl sha256)" ]]; then
  echo "certificate does not match the key" >&2
  exit 1
fi

ABS_DIR=$(cd "$DIR" && pwd)
NOT_AFTER=$(openssl x509 -in "$CRT" -noout -enddate | cut -d= -f2)
FINGERPRINT=$(openssl x509 -in "$CRT" -noout -fingerprint -sha256 | cut -d= -f2)

if command -v jq >/dev/null; then
  BUILD_JSON="CONSUMER_KEY=\"\$CONSUMER_KEY\" CONSUMER_SECRET=\"\$CONSUMER_SECRET\" jq -n --rawfile private_key '$ABS_DIR/private-key.pem' \\
     '{consumer_key: env.CONSUMER_KEY, private_key: \$private_key, consumer_secret: env.CONSUMER_SECRET}'"
else
  BUILD_JSON="CONSUMER_KEY=\"\$CONSUMER_KEY\" CONSUMER_SECRET=\"\$CONSUMER_SECRET\" python3 -c 'import json, os, sys; print(json.dumps({\"consumer_key\": os.environ[\"CONSUMER_KEY\"], \"private_key\": open(sys.argv[1]).read(), \"consumer_secret\": os.environ[\"CONSUMER_SECRET\"]}))' \\
     '$ABS_DIR/private-key.pem'"
fi

cat <<EOF
Wrote
  $ABS_DIR/private-key.pem    (private key, mode 600: keep it out of repositories, chat and tickets)
  $ABS_DIR/certificate.crt    (certificate, valid until $NOT_AFTER)
  SHA-256 fingerprint $FINGERPRINT

Next steps
  1. Connected app: Setup > App Manager > (your app) > Edit > API (Enable OAuth Settings) >
     "Use digital signatures": upload $ABS_DIR/certificate.crt, save.
     (Or paste the certificate into <certificate> of infra/connected-app/TokenBroker.connectedApp-meta.xml.)
     Renew it before $NOT_AFTER: an expired certificate fails every JWT login.

  2. Store the key with the app's consumer key (and consumer secret, if refresh-token connections
     use this app) in Secrets Manager. The JSON is built from the file and piped to the CLI, so the
     key is never echoed or passed on a command line:

     read -rp 'Consumer key: ' CONSUMER_KEY
     read -rsp 'Consumer secret (Enter for none): ' CONSUMER_SECRET; echo
     $BUILD_JSON \\
     | aws secretsmanager put-secret-value --secret-id '$SECRET_ID' --secret-string file:///dev/stdin
     unset CONSUMER_KEY CONSUMER_SECRET

  3. Once the secret holds it, delete the local copy of the key (shred -u $ABS_DIR/private-key.pem),
     or keep it only in a vault. The certificate is public.
EOF
