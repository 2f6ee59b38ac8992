// Fetch a Salesforce token from the broker (SigV4-signed with your AWS credentials), use it with jsforce, and follow
// the 401 rule: report a rejected token once, retry once with the token the broker answers.
//
//   BROKER_URL=https://abc123.execute-api.eu-west-1.amazonaws.com AWS_REGION=eu-west-1 node token-example.mjs sync-prod
import aws4 from 'aws4';
import providers from '@aws-sdk/credential-provider-node';
import jsforce from 'jsforce';

const brokerUrl = new URL(process.env.BROKER_URL);
const region = process.env.AWS_REGION ?? 'us-east-1';
const credentials = await providers.defaultProvider()(); // the default provider chain

async function broker(method, path, body) {
  const request = aws4.sign({
    service: 'execute-api', region, method, host: brokerUrl.host, path,
    headers: body ? { 'Content-Type': 'application/json' } : {}, body,
  }, credentials);
  const { Host, 'Content-Length': length, ...headers } = request.headers; // fetch sets these two itself, to the same values
  const response = await fetch(new URL(path, brokerUrl), { method, headers, body });
  const json = await response.json(); // errors: {"error", "message", "cause"?, "fix"?}
  if (!response.ok) throw new Error(`${json.error}: ${json.message} ${json.fix ?? ''}`);
  return json;
}

const token = (connection) => broker('GET', `/connections/${connection}/token`);
const rejected = (connection, served) =>
  broker('POST', `/connections/${connection}/token/rejected`, JSON.stringify({ fingerprint: served.fingerprint }));
const salesforce = (served) => new jsforce.Connection({ instanceUrl: served.instance_url, accessToken: served.access_token, version: '62.0' });

const connection = process.argv[2] ?? 'demo';
let served = await token(connection);
let limits;
try {
  limits = await salesforce(served).limits();
} catch (e) {
  if (e.errorCode !== 'INVALID_SESSION_ID') throw e;
  served = await rejected(connection, served); // 401: tell the broker once, retry once
  limits = await salesforce(served).limits();
  console.log("Salesforce rejected the first token; retried with the broker's answer");
}
console.log('DailyApiRequests remaining:', limits.DailyApiRequests.Remaining);
