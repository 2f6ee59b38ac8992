"""Every schedule in template.yaml, as the SAM transform deploys it, retries, has a dead-letter queue, and its role may
send to that queue (EventBridge Scheduler delivers dead letters with the schedule's own role, so no queue policy is
needed). Run with the venv that has aws-sam-translator: python .ci/check_schedules.py template.yaml"""
import sys

from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse


class NoManagedPolicies:
    def load(self):
        return {}


def main(path):
    template = yaml_parse(open(path).read())
    for resource in template["Resources"].values():
        if resource["Type"] == "AWS::Serverless::Function":
            resource["Properties"]["CodeUri"] = "s3://bucket/key"  # the transform wants an S3 location, not the build's
    resources = transform(template, {}, NoManagedPolicies())["Resources"]
    schedules = {name: r for name, r in resources.items() if r["Type"] == "AWS::Scheduler::Schedule"}
    problems = []
    for name, schedule in schedules.items():
        target = schedule["Properties"]["Target"]
        if not target.get("RetryPolicy"):
            problems.append(f"{name}: no RetryPolicy")
        queue = target.get("DeadLetterConfig", {}).get("Arn")
        if not queue:
            problems.append(f"{name}: no DeadLetterConfig")
            continue
        role = resources[target["RoleArn"]["Fn::GetAtt"][0]]
        statements = [s for p in role["Properties"].get("Policies", []) for s in p["PolicyDocument"]["Statement"]]
        if not any(s.get("Action") == "sqs:SendMessage" and s.get("Resource") == queue for s in statements):
            problems.append(f"{name}: its role may not sqs:SendMessage to {queue}")
    if not schedules:
        problems.append("no schedules found")
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(schedules)} schedules: " + ("OK, each retries and may send to its dead-letter queue" if not problems else "FAILED"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
